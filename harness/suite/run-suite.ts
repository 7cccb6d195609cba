// One suite run: load the target, start the fault network, collect the suite file's cases with
// @vitest/runner (our ChaosRunner), run them (each recorded into run.json as it finishes), write
// the reports, stop the network. Interrupts stop the current case, which heals and reaps first.
import { startTests, collectTests } from '@vitest/runner';
import { axesOf, type Case, type TargetName } from '../../core/model/case.ts';
import type { RunJson, SkippedCase } from '../../core/model/run.ts';
import type { CaseTiming } from '../runner/timing.ts';
import { ChaosRunner, allTests, selects } from './chaos-runner.ts';
import { openExecutor } from './executor.ts';
import { makeContext, type SuiteContext } from './context.ts';
import { resolveSuite } from './resolve.ts';
import type { Progress } from './progress.ts';
import { writeReportsSafely } from './reports.ts';
import { cleanPairAlarm } from './flaky.ts';
import { preflight } from './preflight.ts';
import type { MatrixColumn } from './option-matrix.ts';
import type { TargetDriver } from '../../core/model/target.ts';
import { loadDriver } from '../targets.ts';

export interface SuiteRunOptions {
  suite: string;
  target: TargetName;
  bug?: string;
  seed: number;
  out: string;
  failover: 'auto' | 'manual';
  shard?: { index: number; count: number };
  timeBudgetMs?: number;
  jobs: number;
  caseTimeoutMs: number;
  timing: CaseTiming;
  /** Only cases with these ids. */
  only?: string[];
  /** Override every case's target options (--qemu, --manager, -o). */
  targetOptions?: Case['options'];
  /** Run every case once per value of a matrix flag (option-matrix.ts). */
  matrix?: MatrixColumn[];
  progress: Progress;
  /** Called once the checks passed, before anything starts (the CLI prints its banner). */
  onStart?(): void;
  signal: AbortSignal;
  warn(message: string): void;
}

function contextFor(o: SuiteRunOptions, driver: TargetDriver, name: string, cases: Map<string, Case>, execute: (c: Case, s: AbortSignal) => Promise<void>): SuiteContext {
  return makeContext({
    suite: name, target: o.target, driver, ...(o.bug ? { bug: o.bug } : {}), seed: o.seed, failover: o.failover,
    ...(o.timeBudgetMs !== undefined ? { timeBudgetMs: o.timeBudgetMs } : {}), caseTimeoutMs: o.caseTimeoutMs, execute, cases,
    ...(o.targetOptions ? { targetOptions: o.targetOptions } : {}), ...(o.matrix ? { matrix: o.matrix } : {}),
  });
}

/** Collect a suite's cases without running them (for `list` and validation). */
export async function listCases(o: Pick<SuiteRunOptions, 'suite' | 'target' | 'bug' | 'seed' | 'failover' | 'timeBudgetMs' | 'targetOptions'> & { jobs?: number; shard?: SuiteRunOptions['shard'] | undefined }): Promise<Case[]> {
  const { name, file } = resolveSuite(o.suite);
  const cases = new Map<string, Case>();
  const ctx = contextFor({ ...o, caseTimeoutMs: 0 } as SuiteRunOptions, await loadDriver(o.target), name, cases, async () => { throw new Error('listing only'); });
  const runner = new ChaosRunner(ctx, { caseTimeoutMs: 0, jobs: o.jobs ?? 1, ...(o.shard ? { shard: o.shard } : {}) });
  const files = await collectTests([file], runner);
  runner.onCollected(files);
  return files.flatMap((f) => allTests(f)).filter((t) => t.mode === 'run').map((t) => cases.get(t.name)!);
}

/**
 * Before anything starts (no network, no run store): the suite collects, every --case id exists,
 * and the target accepts the chosen cases' options. Collected with the run's jobs: @vitest/runner
 * keeps a first collection's `concurrent`, so a jobs-1 collection here made the run serial.
 */
async function precheck(o: SuiteRunOptions): Promise<void> {
  const all = await listCases({ ...o, shard: undefined });
  const missing = (o.only ?? []).filter((id) => !all.some((c) => c.id === id));
  if (missing.length) throw new Error(`unknown case id ${missing.join(', ')} in suite ${o.suite}; see colo-chaos list --suite ${o.suite}`);
  const chosen = all.filter((c, i) => selects(i, c.id, { ...(o.shard ? { shard: o.shard } : {}), ...onlyFilter(o) }));
  if (!all.length) throw new Error(`suite ${o.suite} has no cases (for target ${o.target}${o.bug ? `, bug ${o.bug}` : ''})`);
  if (!chosen.length) throw new Error(`no case selected: suite ${o.suite} has ${all.length} cases${o.shard ? `, shard ${o.shard.index}/${o.shard.count} holds none of them` : ''}${o.only ? `, --case ${o.only.join(',')}` : ''}`);
  await preflight(o.target, chosen, o.failover);
}

function onlyFilter(o: Pick<SuiteRunOptions, 'only'>): { only?: (id: string) => boolean } {
  return o.only ? { only: (id: string) => o.only!.includes(id) } : {};
}

export async function runSuite(o: SuiteRunOptions): Promise<{ run: RunJson; dir: string }> {
  const { name, file } = resolveSuite(o.suite);
  await precheck(o);
  o.onStart?.();
  const ex = await openExecutor({
    suite: name, target: o.target, ...(o.bug ? { bug: o.bug } : {}), seed: o.seed, out: o.out, timing: o.timing,
    targetConfig: { failover: o.failover, ...(o.targetOptions ? { options: o.targetOptions } : {}) }, ...(o.shard ? { shard: o.shard } : {}),
    signal: o.signal, caseTimeoutMs: o.caseTimeoutMs, warn: o.warn, events: o.progress,
    alarmOf: (c, r, v) => cleanPairAlarm(c, { runs: 1, failures: r.verdict === 'fail' ? 1 : 0 }, v),
  });
  try {
    const cases = new Map<string, Case>();
    let runner: ChaosRunner | null = null;
    const execute = async (c: Case, signal: AbortSignal): Promise<void> => {
      const work = ex.run(c, { signal });
      // a timed-out case keeps healing after vitest moved on: the next case waits for it
      signal.addEventListener('abort', () => { runner!.stragglers.add(work); void work.finally(() => runner!.stragglers.delete(work)); }, { once: true });
      const result = await work;
      if (result.verdict !== 'pass') throw new Error(`${result.verdict}: ${result.violations.map((v) => `[${v.check}] ${v.message}`).join('; ') || result.error}`);
    };
    const skipped: SkippedCase[] = [];
    const onSkip = (id: string, reason: SkippedCase['reason']): void => {
      const { phase, fault, role } = axesOf(cases.get(id)!);
      const s: SkippedCase = { id, phase, fault, role, reason };
      skipped.push(s);
      o.progress.caseSkipped?.(s);
    };
    const ctx = contextFor(o, ex.driver, name, cases, execute);
    let selected: string[] = [];
    runner = new ChaosRunner(ctx, {
      caseTimeoutMs: o.caseTimeoutMs, jobs: o.jobs, ...(o.shard ? { shard: o.shard } : {}),
      ...(o.timeBudgetMs !== undefined ? { deadline: Date.now() + o.timeBudgetMs } : {}),
      ...onlyFilter(o), onSkip: (id) => onSkip(id, 'time-budget'),
      onSelected: (ids) => { selected = ids; o.progress.start(ids.length); },
    });
    const onAbort = (): void => runner!.cancel();
    o.signal.addEventListener('abort', onAbort, { once: true });
    await startTests([file], runner);
    await Promise.all(runner.stragglers);
    // what an interrupt left unstarted
    const done = new Set([...ex.recorder.run.cases.map((c) => c.id), ...skipped.map((s) => s.id)]);
    if (o.signal.aborted) for (const id of selected) if (!done.has(id)) onSkip(id, 'interrupted');
    o.signal.removeEventListener('abort', onAbort);
    o.progress.end();
    await ex.finish(skipped);
    await writeReportsSafely(ex.recorder.store.dir, o.warn);
    return { run: ex.recorder.run, dir: ex.recorder.store.dir };
  } finally {
    await ex.close();
  }
}
