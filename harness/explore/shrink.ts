// Shrinking a failing schedule: greedy delta debugging over candidates.ts, each candidate run up
// to `runs` times and kept only if it fails (on one of the original's failing checks) often enough,
// so a flaky failure is not "minimised" into a pass. The case runner is injected.
import type { Case } from '../../core/model/case.ts';
import type { CaseResult, CheckName } from '../../core/model/run.ts';
import { candidates } from './candidates.ts';
import { failedChecks, repeat, type Repeated, type RunOne } from '../suite/flaky.ts';

export interface ShrinkOptions {
  /** Runs per candidate (and of the original). */
  runs: number;
  /** Runs of the final case, for its reproduction rate. */
  finalRuns: number;
  /** Stop trying candidates after this many case runs in all. */
  maxRuns: number;
  /** The original's failing checks; measured from its reruns when left out. */
  signature?: readonly CheckName[];
  log?(line: string): void;
  signal?: AbortSignal;
}

export interface ShrinkStep {
  change: string;
  accepted: boolean;
  runs: number;
  failures: number;
  unknown: number;
}

export interface ShrinkResult {
  original: Case;
  minimal: Case;
  signature: CheckName[];
  /** Failures of the original needed to keep a candidate. */
  need: number;
  originalReproduction: Repeated['reproduction'];
  reproduction: Repeated['reproduction'];
  finalResults: CaseResult[];
  steps: ShrinkStep[];
  runsUsed: number;
  /** The run budget ran out before every candidate was tried. */
  exhausted: boolean;
}

export class NotReproducible extends Error {}

/** Runs the harness could not finish (unknown: no evidence) tolerated per decided run wanted. */
const UNKNOWN_PER_RUN = 3;

export async function shrink(original: Case, run: RunOne, o: ShrinkOptions): Promise<ShrinkResult> {
  const log = o.log ?? (() => {});
  let runsUsed = 0;
  const counted: RunOne = async (c) => { runsUsed++; return run(c); };
  const orig = await repeat({ ...original, id: `${original.id}-orig` }, counted, o.runs, { ...(o.signature ? { signature: o.signature } : {}), unknownRuns: UNKNOWN_PER_RUN * o.runs, signal: o.signal });
  const signature = o.signature?.length ? [...o.signature] : [...new Set(orig.results.filter((r) => r.verdict === 'fail').flatMap(failedChecks))].sort();
  if (orig.reproduction.failures === 0) {
    throw new NotReproducible(`${original.id} did not fail${signature.length ? ` on ${signature.join(', ')}` : ''} in ${orig.reproduction.runs} runs: nothing to shrink`);
  }
  // a majority of runs, or as often as the original itself failed if that is less
  const need = Math.max(1, Math.min(Math.ceil((o.runs + 1) / 2), orig.reproduction.failures));
  log(`original fails ${orig.reproduction.failures}/${orig.reproduction.runs}${orig.unknown ? ` (+${orig.unknown} unknown)` : ''} on ${signature.join(', ')}; a candidate must fail ${need} of ${o.runs}`);

  const steps: ShrinkStep[] = [];
  const tried = new Set<string>();
  let current = original;
  let exhausted = false;
  let k = 0;
  outer: while (!o.signal?.aborted) {
    for (const cand of candidates(current.faults)) {
      const key = JSON.stringify(cand.faults);
      if (tried.has(key)) continue;
      tried.add(key);
      if (runsUsed + o.runs > o.maxRuns) { exhausted = true; break outer; }
      const trial = await repeat({ ...withFaults(current, cand.faults), id: `${original.id}-s${++k}` }, counted, o.runs, { need, signature, unknownRuns: UNKNOWN_PER_RUN * o.runs, signal: o.signal });
      const accepted = trial.reproduction.failures >= need;
      steps.push({ change: cand.change, accepted, ...trial.reproduction, unknown: trial.unknown });
      log(`${accepted ? 'kept   ' : 'dropped'} ${cand.change} (${trial.reproduction.failures}/${trial.reproduction.runs} failed${trial.unknown ? `, ${trial.unknown} unknown` : ''})`);
      if (accepted) { current = withFaults(current, cand.faults); continue outer; }
      if (o.signal?.aborted) break outer;
    }
    break;
  }
  const minimal: Case = { ...current, id: `${original.id}-min` };
  const fin = await repeat(minimal, counted, o.finalRuns, { signature, unknownRuns: UNKNOWN_PER_RUN * o.finalRuns, signal: o.signal });
  return {
    original, minimal, signature, need, originalReproduction: orig.reproduction, reproduction: fin.reproduction,
    finalResults: fin.results, steps, runsUsed, exhausted,
  };
}

/** A candidate's case: its own first fault names it (the one the original named may be gone). */
function withFaults(c: Case, faults: Case['faults']): Case {
  const { named: _named, ...rest } = c;
  return { ...rest, faults };
}
