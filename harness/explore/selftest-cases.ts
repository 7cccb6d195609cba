// The cases selftest runs: smoke and phase-matrix, the likely catchers first, so each planted bug
// is usually found by its first few cases. --sample keeps smoke plus the catchers only.
import type { Case } from '../model/case.ts';
import { listCases } from '../suite/run-suite.ts';

/**
 * Cases known to open the window of a planted bug (see suites/bugs.ts), most productive first:
 * a primary lost mid-RAM-stream, mid-device-blob, during the flush, during the device load,
 * right after the device blob, and a dead checkpoint link.
 */
export const CATCH_FIRST: readonly string[] = [
  'S7a-crash-primary-cp2',
  'P6-blackhole-checkpoint-cp1',
  'P6-crash-primary-cp1',
  'P8-crash-primary-cp1',
  'S7b-crash-primary-cp1',
  'S5-crash-primary-cp1',
  'S6-crash-primary-cp2',
];

export const SELFTEST_SUITES = ['smoke', 'phase-matrix'] as const;

/** Catchers first (in CATCH_FIRST order), then the rest in suite order; ids unique. */
export function catchOrder(cases: readonly Case[], first: readonly string[] = CATCH_FIRST): Case[] {
  const byId = new Map<string, Case>();
  for (const c of cases) if (!byId.has(c.id)) byId.set(c.id, c);
  const pinned = first.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  return [...pinned, ...[...byId.values()].filter((c) => !first.includes(c.id))];
}

export async function selftestCases(o: { bug: string | undefined; seed: number; sample: boolean; failover: 'auto' | 'manual' }): Promise<Case[]> {
  const lists = [];
  for (const suite of SELFTEST_SUITES) {
    lists.push(await listCases({ suite, target: 'colo-ref', ...(o.bug ? { bug: o.bug } : {}), seed: o.seed, failover: o.failover }));
  }
  const ordered = catchOrder(lists.flat());
  if (!o.sample) return ordered;
  const smoke = new Set(lists[0]!.map((c) => c.id));
  return ordered.filter((c) => smoke.has(c.id) || CATCH_FIRST.includes(c.id));
}
