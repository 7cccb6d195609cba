// Runs cases one by one against real replicas and records each into a run store of its own
// (runs/<suite>/<timestamp>/run.json), for shrink and selftest. `alarm()` prints a line loudly and
// keeps it in run.json's `alarms` (shrink: a clean-pair failure, with its reproduction rate).
import type { Case, TargetName } from '../model/case.ts';
import type { CaseResult } from '../model/run.ts';
import { runCase } from '../runner/case-runner.ts';
import { DEFAULT_TIMING, type CaseTiming } from '../runner/timing.ts';
import { RunRecorder } from '../suite/recorder.ts';
import { openSession } from '../suite/session.ts';
import { versions } from '../suite/versions.ts';
import type { RunOne } from './flaky.ts';

export interface ExecutorOptions {
  suite: string;
  target: TargetName;
  seed: number;
  out: string;
  timing?: Partial<CaseTiming>;
  targetConfig?: Record<string, unknown>;
  signal: AbortSignal;
  warn(m: string): void;
}

export interface Executor {
  run: RunOne;
  recorder: RunRecorder;
  /** Raise an alarm: printed now, kept in run.json. */
  alarm(line: string): Promise<void>;
  close(): Promise<void>;
}

export async function openExecutor(o: ExecutorOptions): Promise<Executor> {
  const timing = { ...DEFAULT_TIMING, ...o.timing };
  const session = await openSession(o.target, o.seed, o.warn);
  try {
    const recorder = await RunRecorder.create(o.out, {
      suite: o.suite, target: o.target, seed: o.seed, startedAt: new Date().toISOString(), versions: await versions(o.target),
      targetConfig: { ...o.targetConfig, network: session.network.kind, timing },
    });
    const alarm = async (line: string): Promise<void> => {
      o.warn(line);
      await recorder.alarm(line);
    };
    const run: RunOne = async (c: Case): Promise<CaseResult> => {
      const out = await runCase(c, {
        driver: session.driver, network: session.network.client, caseDir: recorder.store.caseDir(c.id), timing,
        signal: o.signal,
        ...(session.entry ? { entry: session.entry } : {}),
      });
      // (no alarm per run here: a shrink raises one with the rate of its minimal case, selftest counts its own)
      await recorder.addCase(out.result, out.events);
      return out.result;
    };
    return {
      run, recorder, alarm,
      async close() {
        try {
          await recorder.finish(o.signal.aborted);
        } finally {
          await session.close();
        }
      },
    };
  } catch (e) {
    await session.close();
    throw e;
  }
}
