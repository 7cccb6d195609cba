// The guest: a bank (balances in RAM), a KV store, a request header and an output journal,
// all in RAM pages, plus the NIC device. Deterministic except for the nonce.
import { z } from 'zod';
import { Random } from '../../../core/random.ts';
import type { Role } from '../../../core/model/phases.ts';
import { Ram } from './ram.ts';
import { Device } from './device.ts';
import { accountSlot, layout, JOURNAL_ENTRY, JOURNAL_PER_PAGE, type Layout } from './layout.ts';
import { kvGet, kvPut } from './kv.ts';
import { responseHash, stateDigest } from './digest.ts';
import { PAGE_SIZE } from '../wire/codec.ts';

export const INITIAL_BALANCE = 1000n;

export interface GuestOptions {
  pages: number;
  accounts: number;
  nonceRate: number;
  seed: number;
  role: Role;
  /** Pages the page writer rewrites per request (0: none). */
  writePages?: number;
}

const id = z.union([z.string(), z.number()]);
const Request = z.discriminatedUnion('op', [
  z.object({ id, op: z.literal('transfer'), from: z.number().int().min(0), to: z.number().int().min(0), amount: z.number().int().min(0) }),
  z.object({ id, op: z.literal('balances') }),
  z.object({ id, op: z.literal('put'), key: z.string(), value: z.string() }),
  z.object({ id, op: z.literal('get'), key: z.string() }),
]);

export class Machine {
  readonly ram: Ram;
  readonly device = new Device();
  readonly layout: Layout;

  constructor(readonly opts: GuestOptions) {
    this.ram = new Ram(opts.pages);
    this.layout = layout(opts.pages);
    for (let i = 0; i < opts.accounts; i++) {
      const s = accountSlot(this.layout, i);
      this.ram.writeU64(s.page, s.off, INITIAL_BALANCE);
    }
  }

  get lastSeq(): number {
    return Number(this.ram.readU64(this.layout.header, 8));
  }

  /** P5: the guest-visible checkpoint generation (RAM header) and the device's agree. */
  markCheckpoint(n: number): void {
    this.ram.writeU64(this.layout.header, 16, BigInt(n));
    this.device.checkpoint = BigInt(n);
  }

  /** Execute one request (the next seq); returns the response line (no newline). */
  execute(raw: unknown): { seq: number; line: string } {
    const seq = this.lastSeq + 1;
    const reqId = (raw as { id?: unknown })?.id ?? null;
    const parsed = Request.safeParse(raw);
    let body: Record<string, unknown>;
    if (!parsed.success) body = { ok: false, error: `bad-request: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    else body = this.apply(parsed.data);
    const nonce = this.nonce(seq);
    const line = JSON.stringify({ id: reqId, seq, ...body, ...(nonce === undefined ? {} : { nonce }) });
    this.record(seq, line);
    this.writePages(seq);
    return { seq, line };
  }

  /**
   * The page writer: request `seq` rewrites the next `writePages` pages of a sweep over all of RAM
   * (so a case's checkpoints carry every page), as a pure function of seq: both replicas execute
   * the same seqs, so they write the same bytes and stay equal. Scratch pages get new bytes; the
   * others hold the guest's data, so they are only marked dirty (and sent again).
   */
  private writePages(seq: number): void {
    const n = this.opts.writePages ?? 0;
    for (let k = 0; k < n; k++) {
      const p = ((seq - 1) * n + k) % this.opts.pages;
      if (p >= this.layout.scratchBase) this.ram.writeU64(p, 0, BigInt(seq));
      else this.ram.touched(p);
    }
  }

  private apply(req: z.infer<typeof Request>): Record<string, unknown> {
    switch (req.op) {
      case 'transfer': {
        const n = this.opts.accounts;
        if (req.from >= n || req.to >= n) return { ok: false, error: 'no-such-account' };
        const a = this.balance(req.from);
        if (a < BigInt(req.amount)) return { ok: false, error: 'insufficient', balances: [Number(a), Number(this.balance(req.to))] };
        this.setBalance(req.from, a - BigInt(req.amount));
        this.setBalance(req.to, this.balance(req.to) + BigInt(req.amount));
        return { ok: true, balances: [Number(this.balance(req.from)), Number(this.balance(req.to))] };
      }
      case 'balances': {
        const balances = this.balances();
        return { ok: true, balances, total: balances.reduce((s, b) => s + b, 0) };
      }
      case 'put': {
        const err = kvPut(this.ram, this.layout, req.key, req.value);
        return err ? { ok: false, error: err } : { ok: true };
      }
      case 'get':
        return { ok: true, value: kvGet(this.ram, this.layout, req.key) };
    }
  }

  /** Present on both replicas for the same seq; its value (and the page it dirties) differs. */
  private nonce(seq: number): number | undefined {
    if (this.opts.nonceRate <= 0) return undefined;
    const base = new Random(this.opts.seed);
    if (base.fork(`nonce:${seq}`).float() >= this.opts.nonceRate) return undefined;
    const value = base.fork(`${this.opts.role}:${seq}`).int(1, 0x3fffffff);
    const l = this.layout;
    if (l.scratchPages > 0) {
      const page = l.scratchBase + (value % l.scratchPages);
      this.ram.writeU64(page, ((value >>> 8) % (PAGE_SIZE / 8)) * 8, BigInt(value));
    }
    return value;
  }

  private record(seq: number, line: string): void {
    const l = this.layout;
    this.ram.writeU64(l.header, 0, this.ram.readU64(l.header, 0) + 1n);
    this.ram.writeU64(l.header, 8, BigInt(seq));
    const slot = (seq - 1) % (l.journalPages * JOURNAL_PER_PAGE);
    const page = l.journalBase + Math.floor(slot / JOURNAL_PER_PAGE);
    const off = (slot % JOURNAL_PER_PAGE) * JOURNAL_ENTRY;
    this.ram.writeU64(page, off, BigInt(seq));
    this.ram.buf.write(responseHash(line), page * PAGE_SIZE + off + 8, 8, 'hex');
    this.device.requests += 1n;
    this.device.responses += 1n;
    this.device.lastSeq = BigInt(seq);
  }

  balance(i: number): bigint {
    const s = accountSlot(this.layout, i);
    return this.ram.readU64(s.page, s.off);
  }

  private setBalance(i: number, v: bigint): void {
    const s = accountSlot(this.layout, i);
    this.ram.writeU64(s.page, s.off, v);
  }

  balances(): number[] {
    return Array.from({ length: this.opts.accounts }, (_, i) => Number(this.balance(i)));
  }

  /** Output journal, oldest first: [seq, hash]. */
  journal(): Array<[number, string]> {
    const l = this.layout;
    const out: Array<[number, string]> = [];
    for (let p = 0; p < l.journalPages; p++) {
      for (let e = 0; e < JOURNAL_PER_PAGE; e++) {
        const off = (l.journalBase + p) * PAGE_SIZE + e * JOURNAL_ENTRY;
        const seq = Number(this.ram.buf.readBigUInt64LE(off));
        if (seq > 0) out.push([seq, this.ram.buf.toString('hex', off + 8, off + 16)]);
      }
    }
    return out.sort((a, b) => a[0] - b[0]);
  }

  invariants(): { ok: boolean; violations: string[] } {
    const v: string[] = [];
    const total = this.balances().reduce((s, b) => s + BigInt(b), 0n);
    const want = INITIAL_BALANCE * BigInt(this.opts.accounts);
    if (total !== want) v.push(`bank total ${total} != ${want}`);
    const requests = this.ram.readU64(this.layout.header, 0);
    const seq = this.ram.readU64(this.layout.header, 8);
    if (this.device.requests !== requests) v.push(`device requests ${this.device.requests} != RAM header ${requests}`);
    if (this.device.lastSeq !== seq) v.push(`device last seq ${this.device.lastSeq} != RAM header ${seq}`);
    const gen = this.ram.readU64(this.layout.header, 16);
    if (this.device.checkpoint !== gen) v.push(`device checkpoint ${this.device.checkpoint} != RAM header ${gen}`);
    if (this.device.responses !== this.device.requests) v.push(`device responses ${this.device.responses} != requests ${this.device.requests}`);
    return { ok: v.length === 0, violations: v };
  }

  digest(): string {
    return stateDigest(this.ram.pageHashes(), this.device.save());
  }

  /** Bench aid: rewrite a fraction of all pages (scratch pages get new bytes, others are re-marked). */
  dirtyFraction(f: number): number {
    const n = Math.round(this.opts.pages * Math.max(0, Math.min(1, f)));
    const l = this.layout;
    for (let k = 0; k < n; k++) {
      const p = Math.floor((k * this.opts.pages) / n);
      if (p >= l.scratchBase) this.ram.writeU64(p, 0, this.ram.readU64(p, 0) + 1n);
      else this.ram.touched(p);
    }
    return n;
  }
}
