// Reproduce one case of a stored run: the same Case (seed, schedule, options), the same bounds,
// run `runs` times into a new run store under <out>/repro/.
import { RunStore } from '../../reports/store.ts';
import type { CaseResult, RunJson } from '../model/run.ts';
import { runCase } from '../runner/case-runner.ts';
import { DEFAULT_TIMING, type CaseTiming } from '../runner/timing.ts';
import { RunRecorder } from './recorder.ts';
import { openSession } from './session.ts';
import { versions } from './versions.ts';
import { preflight } from './preflight.ts';
import { withTargetOptions } from './override.ts';
import { asInterrupted } from './interrupted.ts';

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
  return { run, result };
}

/** Run `stored` (from findCase) again; its target checks the options before anything starts. */
export async function reproduce(runDir: string, stored: { run: RunJson; result: CaseResult }, o: ReproOptions): Promise<{ results: CaseResult[]; dir: string; original: CaseResult }> {
  const { run, result: original } = stored;
  const caseId = original.id;
  const c = withTargetOptions(original.case, o.targetOptions);
  await preflight(c.target, [c], c.failover ?? 'auto');
  const timing = { ...DEFAULT_TIMING, ...((run.targetConfig.timing ?? {}) as Partial<CaseTiming>) };
  const session = await openSession(c.target, c.seed, o.warn);
  try {
    const recorder = await RunRecorder.create(o.out, {
      suite: 'repro', target: c.target, ...(c.bug ? { bug: c.bug } : {}), seed: c.seed, startedAt: new Date().toISOString(),
      versions: await versions(c.target), targetConfig: { ...run.targetConfig, reproOf: { runDir, caseId }, ...(o.targetOptions ? { options: { ...(run.targetConfig.options as object | undefined), ...o.targetOptions } } : {}) },
    });
    const results: CaseResult[] = [];
    for (let i = 0; i < o.runs && !o.signal.aborted; i++) {
      const out = await runCase(c, { driver: session.driver, network: session.network.client, caseDir: recorder.store.caseDir(i === 0 ? c.id : `${c.id}-run${i + 1}`), timing, signal: o.signal, ...(session.entry ? { entry: session.entry } : {}) });
      if (i > 0) out.result.id = `${c.id}-run${i + 1}`;
      if (o.signal.aborted) out.result = asInterrupted(out.result);
      await recorder.addCase(out.result, out.events);
      results.push(out.result);
    }
    await recorder.finish(o.signal.aborted);
    return { results, dir: recorder.store.dir, original };
  } finally {
    await session.close();
  }
}
