// The cases selftest runs: smoke, phase-matrix, the bug canaries (suites/bugs.ts), then the
// nightly's random schedules most likely to expose a bug; the likely catchers first, so each planted bug is usually found by its first
// few cases. --sample keeps smoke, the known catchers and the four best random schedules.
import type { Case, FaultSpec } from '../../core/model/case.ts';
import { WINDOW } from './space.ts';
import { primaryDead } from './schedule.ts';
import { spaceFor } from './space.ts';
import { loadDriver } from '../targets.ts';
import { listCases } from '../suite/run-suite.ts';

/**
 * Cases known to open the window of a planted bug (see suites/bugs.ts), most productive first:
 * the primary lost during the flush, the secondary lost mid-device-blob, both links cut right after
 * the device blob, a failover command mid-flush, a dead checkpoint link with output held (the standalone primary must
 * still answer what it held), the primary lost mid-device-blob, mid-RAM-stream, during the device load,
 * a primary hung past the take-over while its secondary still sends outputs (no release without a lease).
 */
export const CATCH_FIRST: readonly string[] = [
  'S7a-crash-primary-cp2',
  'S5-crash-secondary-cp1',
  'P8-partition-cp1',
  'S7a-crash-primary-failover-command-cp1',
  'P0-blackhole-checkpoint-cp2',
  'P8-crash-primary-cp1',
  'P6-crash-primary-cp1',
  'S7b-crash-primary-cp1',
  'S5-crash-primary-cp1',
  'P0-hang-primary-mirror-latency-cp3',
];

/** Random schedules selftest draws on: the nightly's first ones for the seed, best-scoring first. */
const EXPLORE_PREFIX = 'explore-';
/** The nightly registers about budget / 1 s random schedules: a 10 min budget gives a pool of ~430. */
const POOL_BUDGET_MS = 600_000;
/** Random schedules taken from the pool: all runs / --sample. */
const TAKE_RANDOM = 50;
const SAMPLE_RANDOM = 5;


const HEARTBEAT_TIMEOUT_MS = spaceFor(await loadDriver('colo-ref'), 'auto').timing.heartbeatTimeoutMs;

/** The primary dead, or stopped past colo-ref's heartbeat timeout (the secondary takes over). */
function primaryLoss(f: FaultSpec): boolean {
  return primaryDead(f) || (f.kind === 'hang' && f.role === 'primary' && (f.durationMs ?? 0) > HEARTBEAT_TIMEOUT_MS);
}

const cut = (c: Case, link: string) => c.faults.find((x) => x.kind === 'blackhole' && x.link === link);

/** What a schedule does that can expose a replication bug, most telling first. */
const FEATURES: ReadonlyArray<{ name: string; weight: number; has(c: Case): boolean }> = [
  { name: 'failover during the apply', weight: 4, has: (c) => c.faults.some((x) => x.kind === 'failover-command') },
  { name: 'both links cut in the window', weight: 3, has: (c) => !!cut(c, 'heartbeat') && WINDOW.includes(cut(c, 'checkpoint')?.at.phase ?? 'P0') },
  { name: 'primary lost in the window', weight: 2, has: (c) => c.faults.some((x) => primaryLoss(x) && WINDOW.includes(x.at.phase)) },
  { name: 'primary lost', weight: 1, has: (c) => c.faults.some(primaryLoss) },
  { name: 'checkpoint link cut', weight: 1, has: (c) => c.faults.some((x) => x.link === 'checkpoint' && ['blackhole', 'reset', 'limit_data'].includes(x.kind)) },
];

/** How likely a schedule is to expose a replication bug (higher first; 0 for pure slowdowns); fewer faults break ties. */
export function catchScore(c: Case): number {
  const score = FEATURES.reduce((sum, f) => sum + (f.has(c) ? f.weight : 0), 0);
  return score > 0 ? score - c.faults.length / 10 : 0;
}

/** The best-scoring schedules, taking each feature's best in turn so that every feature is tried. */
export function diverse(pool: readonly Case[], n: number): Case[] {
  const ranked = [...pool].sort((a, b) => catchScore(b) - catchScore(a));
  const out: Case[] = [];
  while (out.length < Math.min(n, ranked.length)) {
    const before = out.length;
    for (const f of FEATURES) {
      const next = ranked.find((c) => f.has(c) && !out.includes(c));
      if (next && out.length < n) out.push(next);
    }
    if (out.length === before) out.push(...ranked.filter((c) => !out.includes(c)).slice(0, n - out.length));
  }
  return out;
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
  const list = (suite: string, timeBudgetMs?: number) => listCases({
    suite, target: 'colo-ref', ...(o.bug ? { bug: o.bug } : {}), seed: o.seed, failover: o.failover, ...(timeBudgetMs ? { timeBudgetMs } : {}),
  });
  const smoke = await list('smoke');
  // the matrix has one fault per case: the canaries add what it lacks (a partition of both links, failover mid-apply)
  const matrix = [...(await list('phase-matrix')), ...(await list('bugs'))];
  const pool = (await list('nightly', POOL_BUDGET_MS)).filter((c) => c.id.startsWith(EXPLORE_PREFIX));
  const random = diverse(pool, o.sample ? SAMPLE_RANDOM : TAKE_RANDOM);
  if (!o.sample) return catchOrder([...smoke, ...matrix, ...random]);
  return catchOrder([...smoke, ...matrix.filter((c) => CATCH_FIRST.includes(c.id)), ...random]);
}
