// Reproduce one case of a stored run: the same Case (seed, schedule, options), the same bounds,
// run `runs` times into a new run store under <out>/repro/.
import { RunStore } from '../../reports/store.ts';
import type { CaseResult, RunJson } from '../../core/model/run.ts';
import type { Case } from '../../core/model/case.ts';
import { DEFAULT_TIMING, type CaseTiming } from '../runner/timing.ts';
import { preflight } from './preflight.ts';
import { withTargetOptions } from './override.ts';
import { openExecutor } from './executor.ts';
import { cleanPairAlarm } from './flaky.ts';

export interface ReproOptions {
  runs: number;
  out: string;
  signal: AbortSignal;
  warn(m: string): void;
  /** Override the stored case's target options (e.g. the same case against another QEMU). */
  targetOptions?: Record<string, string | number | boolean>;
}

export async function findCase(runDir: string, caseId: string): Promise<{ run: RunJson; result: CaseResult }> {
  let run: RunJson;
  try {
    run = await RunStore.open(runDir).readRun();
  } catch (e) {
    throw new Error(`${runDir} is not a run directory (no readable run.json: ${(e as Error).message})`);
  }
  const result = run.cases.find((c) => c.id === caseId);
  if (!result) {
    const ids = run.cases.map((c) => c.id);
    throw new Error(`case ${caseId} is not in ${runDir}; it has ${ids.length} cases${ids.length ? `: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', ...' : ''}` : ''}`);
  }
  return { run, result: { ...result, case: storedCase(result.case) } };
}

/**
 * A case as an older run.json stored it: its axes beside its faults (role, phase, fault). Where
 * they named a fault other than the first, that fault is the case's `named` one now.
 */
function storedCase(c: Case): Case {
  const { phase, fault, role: _r, checkpoint: _c, ...rest } = c as Case & { phase?: string; fault?: string; role?: string; checkpoint?: number };
  if (c.named !== undefined || phase === undefined) return rest;
  const named = c.faults.findIndex((f) => f.kind === fault && f.at.phase === phase);
  return named > 0 ? { ...rest, named } : rest;
}

/**
 * Run `stored` (from findCase) again; its target checks the options before anything starts. With
 * more than one run the first record gets the reproduction rate over the decided runs; a failure
 * on the clean pair is an alarm in run.json (returned, for the CLI to print).
 */
export async function reproduce(
  runDir: string, stored: { run: RunJson; result: CaseResult }, o: ReproOptions,
): Promise<{ results: CaseResult[]; dir: string; original: CaseResult; alarm: string | null }> {
  const { run, result: original } = stored;
  const c = withTargetOptions(original.case, o.targetOptions);
  await preflight(c.target, [c], c.failover ?? 'auto');
  const ex = await openExecutor({
    suite: 'repro', target: c.target, ...(c.bug ? { bug: c.bug } : {}), seed: c.seed, out: o.out,
    signal: o.signal, warn: o.warn,
    timing: { ...DEFAULT_TIMING, ...((run.targetConfig.timing ?? {}) as Partial<CaseTiming>) },
    targetConfig: {
      ...run.targetConfig, reproOf: { runDir, caseId: original.id },
      ...(o.targetOptions ? { options: { ...(run.targetConfig.options as object | undefined), ...o.targetOptions } } : {}),
    },
  });
  try {
    const results: CaseResult[] = [];
    for (let i = 0; i < o.runs && !o.signal.aborted; i++) {
      results.push(await ex.run(c, { id: i === 0 ? c.id : `${c.id}-run${i + 1}` }));
    }
    const alarm = recordRate(ex.recorder.run, results);
    await ex.finish();
    return { results, dir: ex.recorder.store.dir, original, alarm };
  } finally {
    await ex.close();
  }
}

/** The reproduction rate into the first record (when there are several runs); the clean-pair alarm into `alarms`. */
function recordRate(run: RunJson, results: readonly CaseResult[]): string | null {
  const first = results[0];
  if (!first) return null;
  const decided = results.filter((r) => r.verdict !== 'unknown');
  const rep = { runs: decided.length, failures: decided.filter((r) => r.verdict === 'fail').length };
  if (results.length > 1) run.cases.find((x) => x.id === first.id)!.reproduction = rep;
  const loud = cleanPairAlarm(first.case, rep, run.versions);
  if (loud) (run.alarms ??= []).push(loud);
  return loud;
}
