// Repeating a case: its reproduction rate, and the loud line when the clean pair failed.
import type { Case } from '../../core/model/case.ts';
import type { CaseResult, CheckName } from '../../core/model/run.ts';
import { cleanReferencePair } from '../../reports/words.ts';

/** Runs one case once; `c.id` is the id the run is stored under. */
export type RunOne = (c: Case) => Promise<CaseResult>;

/** The checks a failing result failed (its failure signature). */
export function failedChecks(r: CaseResult): CheckName[] {
  return [...new Set(r.violations.map((v) => v.check))].sort();
}

/** A failure that counts: verdict fail, and (if a signature is given) on one of its checks. */
export function failsLike(r: CaseResult, signature?: readonly CheckName[]): boolean {
  if (r.verdict !== 'fail') return false;
  return !signature?.length || failedChecks(r).some((c) => signature.includes(c));
}

export interface Repeated {
  results: CaseResult[];
  /** Decided runs (pass or fail) and how many of them failed. */
  reproduction: { runs: number; failures: number };
  /** Runs the harness could not finish (verdict unknown): no evidence either way. */
  unknown: number;
}

/**
 * Run `c` until `runs` runs are decided (ids `<id>`, `<id>-run2`, ...); a run the harness could not
 * finish (unknown) says nothing about the case, so it does not count, but at most `unknownRuns`
 * (default `runs`) of them are tolerated. With `need`, stop as soon as the answer is known: `need` failures reached, or too few
 * runs left to reach them.
 */
export async function repeat(c: Case, run: RunOne, runs: number, o: { need?: number; signature?: readonly CheckName[]; unknownRuns?: number; signal?: AbortSignal } = {}): Promise<Repeated> {
  const results: CaseResult[] = [];
  let failures = 0;
  let decided = 0;
  const attempts = runs + (o.unknownRuns ?? runs);
  for (let i = 0; decided < runs && i < attempts && !o.signal?.aborted; i++) {
    const r = await run({ ...c, id: i === 0 ? c.id : `${c.id}-run${i + 1}` });
    results.push(r);
    // no evidence either way: a run the harness could not finish, or one Ctrl-C cut short
    if (r.verdict === 'unknown' || r.verdict === 'interrupted') continue;
    decided++;
    if (failsLike(r, o.signature)) failures++;
    if (o.need !== undefined && (failures >= o.need || failures + (runs - decided) < o.need)) break;
  }
  return { results, reproduction: { runs: decided, failures }, unknown: results.length - decided };
}

/** A failure of the unmodified reference pair (cleanReferencePair) is an alarm: never retried away as a flake. */
export function cleanPairAlarm(c: Case, rep: Repeated['reproduction'], versions: Record<string, string> | undefined): string | null {
  if (!cleanReferencePair(c, versions) || rep.failures === 0) return null;
  return `!!! ${c.id} FAILED ON THE CLEAN PAIR in ${rep.failures} of ${rep.runs} runs: a harness bug or a real bug of the pair (not a flake to retry away)`;
}
