// The cases selftest runs: smoke, phase-matrix, then the nightly's random schedules; the likely
// catchers first, so each planted bug is usually found by its first few cases. --sample keeps
// smoke, the known catchers and the highest-scoring random schedules.
import type { Case, FaultSpec } from '../model/case.ts';
import type { Phase } from '../model/phases.ts';
import { listCases } from '../suite/run-suite.ts';

/**
 * Cases known to open the window of a planted bug (see suites/bugs.ts), most productive first:
 * the primary lost during the flush / device load, mid-device-blob, mid-RAM-stream, and a dead
 * checkpoint link (the standalone primary must still answer what it held).
 */
export const CATCH_FIRST: readonly string[] = [
  'S7a-crash-primary-cp2',
  'P8-crash-primary-cp1',
  'P6-crash-primary-cp1',
  'P6-blackhole-checkpoint-cp1',
  'S7b-crash-primary-cp1',
  'S5-crash-primary-cp1',
];

/** Random schedules selftest may draw on (the nightly's first ones for the seed). */
const EXPLORE_PREFIX = 'explore-';
/** In --sample, this many of the best-scoring random schedules. */
const SAMPLE_RANDOM = 4;

/** Where losing the primary tests replication: streams in flight, whole-but-unapplied, applying. */
const WINDOW: readonly Phase[] = ['P6', 'P7', 'P8', 'S3', 'S5', 'S6', 'S7a', 'S7b'];

function primaryLoss(f: FaultSpec): boolean {
  return ['crash', 'exit'].includes(f.kind) && f.role === 'primary' || (f.kind === 'hang' && f.role === 'primary' && (f.durationMs ?? 0) > 600);
}

/** How likely a schedule is to expose a replication bug (higher first); 0 for pure slowdowns. */
export function catchScore(c: Case): number {
  const f = c.faults;
  let score = 0;
  if (f.some((x) => x.kind === 'failover-command')) score += 3;
  const cut = (link: string) => f.some((x) => x.kind === 'blackhole' && x.link === link);
  if (cut('checkpoint') && cut('heartbeat')) score += 3;
  if (f.some((x) => primaryLoss(x) && WINDOW.includes(x.at.phase))) score += 2;
  else if (f.some(primaryLoss)) score += 1;
  if (f.some((x) => x.link === 'checkpoint' && ['blackhole', 'reset', 'limit_data'].includes(x.kind))) score += 1;
  return score;
}

/** Pinned catchers first (in `first` order), then by score, then in suite order; ids unique. */
export function catchOrder(cases: readonly Case[], first: readonly string[] = CATCH_FIRST): Case[] {
  const byId = new Map<string, Case>();
  for (const c of cases) if (!byId.has(c.id)) byId.set(c.id, c);
  const pinned = first.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
  const rest = [...byId.values()].filter((c) => !first.includes(c.id));
  // Array.prototype.sort is stable: equal scores keep suite order
  return [...pinned, ...rest.sort((a, b) => catchScore(b) - catchScore(a))];
}

export async function selftestCases(o: { bug: string | undefined; seed: number; sample: boolean; failover: 'auto' | 'manual' }): Promise<Case[]> {
  const list = (suite: string) => listCases({ suite, target: 'colo-ref', ...(o.bug ? { bug: o.bug } : {}), seed: o.seed, failover: o.failover });
  const smoke = await list('smoke');
  const matrix = await list('phase-matrix');
  const random = (await list('nightly')).filter((c) => c.id.startsWith(EXPLORE_PREFIX));
  if (!o.sample) return catchOrder([...smoke, ...matrix, ...random]);
  const best = [...random].sort((a, b) => catchScore(b) - catchScore(a)).slice(0, SAMPLE_RANDOM);
  return catchOrder([...smoke, ...matrix.filter((c) => CATCH_FIRST.includes(c.id)), ...best]);
}
