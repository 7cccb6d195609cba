// Self-validation: every planted bug of the reference pair must be caught by the suites, and the
// clean pair must raise no false alarm. Case source, runner and shrinker are injected, so the
// orchestration is the same for the CLI, the bench and the tests.
import type { Case, FaultSpec } from '../../core/model/case.ts';
import type { CaseResult, CheckName } from '../../core/model/run.ts';
import { failedChecks, repeat, type RunOne } from '../suite/flaky.ts';

export interface Minimal {
  id: string;
  faults: FaultSpec[];
  reproduction: { runs: number; failures: number };
}

export interface BugRow {
  bug: string;
  caught: boolean;
  /** Checks the first failing case failed. */
  checks: CheckName[];
  caseId?: string;
  /** Wall time until the first failing case finished (or until the bug's cases ran out). */
  timeMs: number;
  casesRun: number;
  unknown: number;
  minimal?: Minimal;
  /** Why there is no minimal case, when shrinking was asked for. */
  shrinkError?: string;
}

export interface FalseAlarm {
  seed: number;
  caseId: string;
  checks: CheckName[];
}

export interface CleanRow {
  seeds: number[];
  cases: number;
  falseAlarms: FalseAlarm[];
  unknown: number;
}

export interface SelftestReport {
  rows: BugRow[];
  clean: CleanRow;
  wallMs: number;
}

export interface SelftestDeps {
  /** The cases to run against `bug` (undefined: the clean pair), in the order to run them. */
  cases(bug: string | undefined, seed: number): Promise<Case[]>;
  run: RunOne;
  shrink?(failing: CaseResult): Promise<Minimal>;
  log(line: string): void;
  now?(): number;
}

export interface SelftestOptions {
  bugs: readonly string[];
  /** Run every case, not only up to the first failing one. */
  full: boolean;
  /** Seed of the bug runs; the clean pair runs over `cleanSeeds`. */
  seed: number;
  cleanSeeds: readonly number[];
  signal?: AbortSignal;
}

/** Store ids: the same case runs once per bug and per clean seed. */
export function storeId(bug: string | undefined, seed: number, caseId: string): string {
  return `${bug ?? `clean-s${seed}`}--${caseId}`;
}

/** Setup failures tolerated per case. */
const UNKNOWN_RETRIES = 3;

/**
 * One decided run of a case if the harness can get one: a run it could not finish (unknown, e.g.
 * the pair did not start) is no evidence and is tried again, up to UNKNOWN_RETRIES times. A failure
 * is never retried.
 */
async function once(c: Case, deps: SelftestDeps, o: SelftestOptions): Promise<CaseResult | undefined> {
  const { results } = await repeat(c, deps.run, 1, { unknownRuns: UNKNOWN_RETRIES, ...(o.signal ? { signal: o.signal } : {}) });
  return results.at(-1);
}

async function huntBug(bug: string, deps: SelftestDeps, o: SelftestOptions): Promise<BugRow> {
  const now = deps.now ?? Date.now;
  const start = now();
  const row: BugRow = { bug, caught: false, checks: [], timeMs: 0, casesRun: 0, unknown: 0 };
  let first: CaseResult | undefined;
  let firstCase: Case | undefined;
  for (const c of await deps.cases(bug, o.seed)) {
    if (o.signal?.aborted) break;
    const stored = { ...c, id: storeId(bug, o.seed, c.id) };
    const r = await once(stored, deps, o);
    if (!r) break;
    row.casesRun++;
    if (r.verdict === 'unknown') row.unknown++;
    if (r.verdict === 'fail' && !first) {
      first = r;
      firstCase = stored;
      Object.assign(row, { caught: true, checks: failedChecks(r), caseId: c.id, timeMs: now() - start });
      deps.log(`${bug}: caught by ${c.id} (${failedChecks(r).join(', ')}) after ${((now() - start) / 1000).toFixed(1)} s`);
      if (!o.full) break;
    }
  }
  if (!first) {
    row.timeMs = now() - start;
    deps.log(`${bug}: NOT caught in ${row.casesRun} cases`);
  } else if (deps.shrink && !o.signal?.aborted) {
    try {
      // shrink under the case's own id, not that of a retry (`-run2`)
      row.minimal = await deps.shrink({ ...first, case: firstCase! });
    } catch (e) {
      row.shrinkError = (e as Error).message;
    }
  }
  return row;
}

async function cleanPair(deps: SelftestDeps, o: SelftestOptions): Promise<CleanRow> {
  const row: CleanRow = { seeds: [...o.cleanSeeds], cases: 0, falseAlarms: [], unknown: 0 };
  for (const seed of o.cleanSeeds) {
    for (const c of await deps.cases(undefined, seed)) {
      if (o.signal?.aborted) return row;
      const r = await once({ ...c, id: storeId(undefined, seed, c.id) }, deps, o);
      if (!r) return row;
      row.cases++;
      if (r.verdict === 'unknown') row.unknown++;
      if (r.verdict === 'fail') row.falseAlarms.push({ seed, caseId: c.id, checks: failedChecks(r) });
    }
  }
  return row;
}

export async function selftest(deps: SelftestDeps, o: SelftestOptions): Promise<SelftestReport> {
  const now = deps.now ?? Date.now;
  const start = now();
  const rows: BugRow[] = [];
  for (const bug of o.bugs) {
    if (o.signal?.aborted) break;
    rows.push(await huntBug(bug, deps, o));
  }
  const clean = await cleanPair(deps, o);
  return { rows, clean, wallMs: now() - start };
}
