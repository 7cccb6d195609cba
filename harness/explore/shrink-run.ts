// Shrink a stored failing case against real replicas: every try is recorded in a new run store
// (runs/shrink/<timestamp>/), and the result as `<case-id>-min` with its reproduction rate, which
// `colo-chaos repro <dir> <case-id>-min` runs again.
import type { Case } from '../../core/model/case.ts';
import type { CaseResult, RunJson } from '../../core/model/run.ts';
import type { CaseTiming } from '../runner/timing.ts';
import { preflight } from '../suite/preflight.ts';
import { findCase } from '../suite/repro.ts';
import { openExecutor, type Executor } from '../suite/executor.ts';
import { DEFAULT_TIMING } from '../runner/timing.ts';
import { cleanPairAlarm, failedChecks } from '../suite/flaky.ts';
import { shrink, type ShrinkOptions, type ShrinkResult } from './shrink.ts';

export interface ShrinkRunOptions extends Omit<ShrinkOptions, 'signature' | 'signal' | 'log'> {
  out: string;
  signal: AbortSignal;
  log(line: string): void;
  warn(m: string): void;
}

/** Shrink with an open executor; marks the `-min` entry with its reproduction rate. */
export async function shrinkWith(ex: Executor, c: Case, stored: CaseResult | undefined, o: Omit<ShrinkRunOptions, 'out' | 'warn'>): Promise<ShrinkResult> {
  const signature = stored?.verdict === 'fail' ? failedChecks(stored) : undefined;
  const r = await shrink(c, (x) => ex.run(x), { ...o, ...(signature ? { signature } : {}) });
  const entry = ex.recorder.run.cases.find((x) => x.id === r.minimal.id);
  if (entry) entry.reproduction = r.reproduction;
  const loud = cleanPairAlarm(r.minimal, r.reproduction, ex.recorder.run.versions);
  if (loud) await ex.alarm(loud);
  await ex.recorder.store.writeFile('shrink.json', JSON.stringify({
    original: r.original, minimal: r.minimal, signature: r.signature, need: r.need, originalReproduction: r.originalReproduction,
    reproduction: r.reproduction, steps: r.steps, runsUsed: r.runsUsed, exhausted: r.exhausted,
  }, null, 2) + '\n');
  await ex.recorder.flush();
  return r;
}

export async function shrinkStored(runDir: string, caseId: string, o: ShrinkRunOptions): Promise<{ result: ShrinkResult; dir: string; run: RunJson }> {
  const { run, result } = await findCase(runDir, caseId);
  const c = result.case;
  await preflight(c.target, [c], c.failover ?? 'auto');
  const ex = await openExecutor({
    suite: 'shrink', target: c.target, seed: c.seed, out: o.out, signal: o.signal, warn: o.warn,
    timing: { ...DEFAULT_TIMING, ...(run.targetConfig.timing ?? {}) as Partial<CaseTiming> },
    targetConfig: { ...run.targetConfig, shrinkOf: { runDir, caseId } },
  });
  try {
    const r = await shrinkWith(ex, c, result, o);
    return { result: r, dir: ex.recorder.store.dir, run };
  } finally {
    // finished even when it failed: what ran is a whole record
    try {
      await ex.finish();
    } finally {
      await ex.close();
    }
  }
}
