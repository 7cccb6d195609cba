// One suite run: load the target, start the fault network, collect the suite file's cases with
// @vitest/runner (our ChaosRunner), run them (each recorded into run.json as it finishes), write
// the reports, stop the network. Interrupts stop the current case, which heals and reaps first.
import { startTests, collectTests } from '@vitest/runner';
import type { Case, TargetName } from '../model/case.ts';
import type { RunJson, SkippedCase } from '../model/run.ts';
import { runCase } from '../runner/case-runner.ts';
import type { CaseTiming } from '../runner/timing.ts';
import { ChaosRunner, allTests, selects } from './chaos-runner.ts';
import { makeContext, type SuiteContext } from './context.ts';
import { RunRecorder } from './recorder.ts';
import { resolveSuite } from './resolve.ts';
import type { Progress } from './progress.ts';
import { openSession } from './session.ts';
import { versions } from './versions.ts';
import { writeReportsSafely } from './reports.ts';
import { cleanPairAlarm } from '../explore/flaky.ts';
import { preflight } from './preflight.ts';
import type { MatrixColumn } from './option-matrix.ts';
import { asInterrupted } from './interrupted.ts';
import type { TargetDriver } from '../model/target.ts';
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
  throwCollectErrors(files);
  runner.onCollected(files);
  return files.flatMap((f) => allTests(f)).filter((t) => t.mode === 'run').map((t) => cases.get(t.name)!);
}

function throwCollectErrors(files: Awaited<ReturnType<typeof collectTests>>): void {
  for (const f of files) {
    const err = f.result?.errors?.[0];
    if (err) throw new Error(`suite ${f.name} could not be collected: ${err.message}`);
  }
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
  const session = await openSession(o.target, o.seed, o.warn);
  const { driver, network, entry } = session;
  try {
    const recorder = await RunRecorder.create(o.out, {
      suite: name, target: o.target, ...(o.bug ? { bug: o.bug } : {}), seed: o.seed, startedAt: new Date().toISOString(),
      versions: await versions(o.target), targetConfig: { failover: o.failover, network: network.kind, timing: o.timing, ...(o.targetOptions ? { options: o.targetOptions } : {}) },
      ...(o.shard ? { shard: o.shard } : {}),
    });
    const cases = new Map<string, Case>();
    let runner: ChaosRunner | null = null;
    const execute = async (c: Case, signal: AbortSignal): Promise<void> => {
      const merged = AbortSignal.any([signal, o.signal]);
      o.progress.caseStart(c.id);
      const work = (async () => {
        const out = await runCase(c, { driver, network: network.client, caseDir: recorder.store.caseDir(c.id), timing: o.timing, signal: merged, ...(entry ? { entry } : {}) });
        // cut short by Ctrl-C: not judged (what its checks saw was the tear-down)
        if (o.signal.aborted) out.result = asInterrupted(out.result);
        else if (signal.aborted) out.result.error = `case timed out after ${o.caseTimeoutMs} ms${out.result.error ? `; ${out.result.error}` : ''}`;
        await recorder.addCase(out.result, out.events);
        const loud = cleanPairAlarm(c, { runs: 1, failures: out.result.verdict === 'fail' ? 1 : 0 }, recorder.run.versions);
        if (loud) {
          o.warn(loud);
          await recorder.alarm(loud);
        }
        o.progress.caseEnd(out.result);
        return out.result;
      })();
      // a timed-out case keeps healing after vitest moved on: the next case waits for it
      signal.addEventListener('abort', () => { runner!.stragglers.add(work); void work.finally(() => runner!.stragglers.delete(work)); }, { once: true });
      const result = await work;
      if (result.verdict !== 'pass') throw new Error(`${result.verdict}: ${result.violations.map((v) => `[${v.check}] ${v.message}`).join('; ') || result.error}`);
    };
    const skipped: SkippedCase[] = [];
    const onSkip = (id: string, reason: SkippedCase['reason']): void => {
      const c = cases.get(id)!;
      const s: SkippedCase = { id, phase: c.phase, fault: c.fault, role: c.role, reason };
      skipped.push(s);
      o.progress.caseSkipped?.(s);
    };
    const ctx = contextFor(o, driver, name, cases, execute);
    runner = new ChaosRunner(ctx, {
      caseTimeoutMs: o.caseTimeoutMs, jobs: o.jobs, ...(o.shard ? { shard: o.shard } : {}),
      ...(o.timeBudgetMs !== undefined ? { deadline: Date.now() + o.timeBudgetMs } : {}),
      ...onlyFilter(o), onSkip: (id) => onSkip(id, 'time-budget'),
    });
    const onAbort = (): void => runner!.cancel();
    o.signal.addEventListener('abort', onAbort, { once: true });
    const origCollected = runner.onCollected.bind(runner);
    let selected: string[] = [];
    runner.onCollected = (files) => {
      throwCollectErrors(files);
      origCollected(files);
      selected = files.flatMap((f) => allTests(f)).filter((t) => t.mode === 'run').map((t) => t.name);
      o.progress.start(selected.length);
    };
    await startTests([file], runner);
    await Promise.all(runner.stragglers);
    // what an interrupt left unstarted
    const done = new Set([...recorder.run.cases.map((c) => c.id), ...skipped.map((s) => s.id)]);
    if (o.signal.aborted) for (const id of selected) if (!done.has(id)) onSkip(id, 'interrupted');
    o.signal.removeEventListener('abort', onAbort);
    o.progress.end();
    await recorder.finish(o.signal.aborted, skipped);
    await writeReportsSafely(recorder.store.dir, o.warn);
    return { run: recorder.run, dir: recorder.store.dir };
  } finally {
    await session.close();
  }
}
