// Keeps run.json current: rewritten atomically after every case, `partial` until finish(),
// so a killed run still leaves the cases it finished.
import type { RunJson, CaseResult, SkippedCase } from '../../core/model/run.ts';
import type { TimelineEvent } from '../../core/model/events.ts';
import { RunStore } from '../../reports/store.ts';

export class RunRecorder {
  private writing: Promise<void> = Promise.resolve();

  constructor(readonly store: RunStore, readonly run: RunJson) {}

  static async create(root: string, run: Omit<RunJson, 'cases' | 'summary' | 'partial' | 'schema'>): Promise<RunRecorder> {
    const store = await RunStore.create(root, run.suite);
    const rec = new RunRecorder(store, { schema: 1, ...run, partial: true, cases: [], summary: { pass: 0, fail: 0, unknown: 0, interrupted: 0, skipped: 0 } });
    await rec.flush();
    return rec;
  }

  async addCase(result: CaseResult, events: readonly TimelineEvent[]): Promise<void> {
    await this.store.writeEvents(result.id, events);
    this.run.cases.push(result);
    this.run.summary[result.verdict] = (this.run.summary[result.verdict] ?? 0) + 1;
    await this.flush();
  }

  /** A line to keep in run.json's `alarms`, written at once (a run killed next keeps it). */
  async alarm(line: string): Promise<void> {
    (this.run.alarms ??= []).push(line);
    await this.flush();
  }

  /**
   * The run ended; `interrupted` keeps it marked partial (cases the suite had were never run).
   * `skipped`: the selected cases that never started (time budget, interrupt).
   */
  async finish(interrupted = false, skipped: readonly SkippedCase[] = []): Promise<void> {
    this.run.partial = interrupted;
    this.run.summary.skipped = skipped.length;
    if (skipped.length) this.run.skipped = [...skipped];
    this.run.finishedAt = new Date().toISOString();
    await this.flush();
  }

  /** Writes are serialised so the last one always holds every case. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.store.writeRun(this.run));
    return this.writing;
  }
}
