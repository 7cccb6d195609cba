// Where the guest keeps things in its RAM pages. Same on both replicas (a pure function of pages).
import { PAGE_SIZE } from '../wire/codec.ts';

export interface Layout {
  pages: number;
  /** Page 0: request counter (u64 @0), last seq (u64 @8), checkpoint generation (u64 @16). */
  header: number;
  journalBase: number;
  journalPages: number;
  accountBase: number;
  accountPages: number;
  kvBase: number;
  kvPages: number;
  /** Everything else: nonce "entropy" writes and bench dirtying. */
  scratchBase: number;
  scratchPages: number;
}

export const JOURNAL_ENTRY = 16;
export const JOURNAL_PER_PAGE = PAGE_SIZE / JOURNAL_ENTRY;

export function layout(pages: number): Layout {
  const journalPages = Math.min(64, Math.max(1, Math.floor(pages / 32)));
  const accountPages = Math.max(1, Math.floor(pages / 4));
  const kvPages = Math.max(1, Math.floor(pages / 8));
  const journalBase = 1;
  const accountBase = journalBase + journalPages;
  const kvBase = accountBase + accountPages;
  const scratchBase = kvBase + kvPages;
  return {
    pages, header: 0, journalBase, journalPages, accountBase, accountPages, kvBase, kvPages,
    scratchBase, scratchPages: pages - scratchBase,
  };
}

/** Account i's balance slot: spread over the account pages so a transfer touches two pages. */
export function accountSlot(l: Layout, i: number): { page: number; off: number } {
  const page = l.accountBase + (i % l.accountPages);
  const off = (Math.floor(i / l.accountPages) * 8) % PAGE_SIZE;
  return { page, off };
}
