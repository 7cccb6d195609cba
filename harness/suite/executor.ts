// The one way cases are executed, for run, repro, shrink and selftest: a session on the target (driver,
// fault network, replica entry) and a run store of its own (runs/<suite>/<timestamp>/); each case in
// -> its record out (a Ctrl-C'd case recorded as interrupted, a timed-out one says so), kept in
// run.json as it finishes and told to the events (progress lines, --json). Which cases run, how
// many at once and within what budget is the caller's (a suite: @vitest/runner's ChaosRunner).
import type { Case, TargetName } from '../../core/model/case.ts';
import type { CaseResult, RunJson, SkippedCase } from '../../core/model/run.ts';
import { runCase } from '../runner/case-runner.ts';
import type { CaseTiming } from '../runner/timing.ts';
import type { TargetDriver } from '../../core/model/target.ts';
import { asInterrupted } from './interrupted.ts';
import { RunRecorder } from './recorder.ts';
import { openSession } from './session.ts';
import { versions } from './versions.ts';

export interface ExecutorOptions {
  /** The run store's name (runs/<suite>/...): the suite, or repro / shrink / selftest. */
  suite: string;
  target: TargetName;
  bug?: string;
  seed: number;
  out: string;
  timing: CaseTiming;
  /** run.json's targetConfig; the executor adds the fault network it runs on and the timing. */
  targetConfig?: Record<string, unknown>;
  shard?: RunJson['shard'];
  /** The interrupt (Ctrl-C): the case running is cut short and recorded as interrupted. */
  signal: AbortSignal;
  /** A case's own bound, named when its signal ends it. */
  caseTimeoutMs?: number;
  warn(m: string): void;
  /** Told as each case starts and ends: progress lines, --json events. */
  events?: { caseStart?(id: string): void; caseEnd?(r: CaseResult): void };
  /** A loud line a finished case raises (kept in run.json), or null. */
  alarmOf?(c: Case, r: CaseResult, versions: Record<string, string>): string | null;
}

export interface Executor {
  /** Run `c` once; `id`: the id it is stored under (default c.id); `signal`: the case's own bound. */
  run(c: Case, o?: { id?: string; signal?: AbortSignal }): Promise<CaseResult>;
  readonly recorder: RunRecorder;
  /** The target's driver the cases run on. */
  readonly driver: TargetDriver;
  /** Raise an alarm: printed now, kept in run.json. */
  alarm(line: string): Promise<void>;
  /** The run ended (`skipped`: selected cases that never started); interrupted runs stay partial. */
  finish(skipped?: readonly SkippedCase[]): Promise<void>;
  /** Stops the fault network and removes the replica entry (after finish, or on failure). */
  close(): Promise<void>;
}

export async function openExecutor(o: ExecutorOptions): Promise<Executor> {
  const session = await openSession(o.target, o.seed, o.warn);
  try {
    const recorder = await RunRecorder.create(o.out, {
      suite: o.suite, target: o.target, ...(o.bug ? { bug: o.bug } : {}), seed: o.seed,
      startedAt: new Date().toISOString(), versions: await versions(o.target), targetConfig: { ...o.targetConfig, network: session.network.kind, timing: o.timing },
      ...(o.shard ? { shard: o.shard } : {}),
    });
    const alarm = async (line: string): Promise<void> => {
      o.warn(line);
      await recorder.alarm(line);
    };
    const run = async (c: Case, r: { id?: string; signal?: AbortSignal } = {}): Promise<CaseResult> => {
      const id = r.id ?? c.id;
      o.events?.caseStart?.(id);
      const out = await runCase(c, {
        driver: session.driver, network: session.network.client, caseDir: recorder.store.caseDir(id), timing: o.timing,
        signal: r.signal ? AbortSignal.any([r.signal, o.signal]) : o.signal,
        ...(session.entry ? { entry: session.entry } : {}),
      });
      let result: CaseResult = { ...out.result, id };
      // cut short by Ctrl-C: not judged (what its checks saw was the tear-down)
      if (o.signal.aborted) result = asInterrupted(result);
      else if (r.signal?.aborted) {
        result.error = `case timed out after ${o.caseTimeoutMs} ms${result.error ? `; ${result.error}` : ''}`;
      }
      await recorder.addCase(result, out.events);
      const loud = o.alarmOf?.(c, result, recorder.run.versions);
      if (loud) await alarm(loud);
      o.events?.caseEnd?.(result);
      return result;
    };
    return {
      run, recorder, alarm, driver: session.driver,
      finish: (skipped = []) => recorder.finish(o.signal.aborted, skipped),
      close: () => session.close(),
    };
  } catch (e) {
    await session.close();
    throw e;
  }
}
