// Our VitestRunner: @vitest/runner collects the suite file's describe/test calls and runs them;
// this class imports suite files with their SuiteContext, applies shard / time budget / cancel,
// and waits for a timed-out case to finish healing before the next case starts.
import type { File, Task, Test, VitestRunner, VitestRunnerImportSource } from '@vitest/runner';
import type { VitestRunnerConfig } from '@vitest/runner/types';
import type { SuiteContext } from './context.ts';
import { loadSuite } from './load-suite.ts';

export interface ChaosRunnerOptions {
  caseTimeoutMs: number;
  /** Cases run at the same time. */
  jobs: number;
  /** 1-based shard index of count. */
  shard?: { index: number; count: number };
  /** Epoch ms after which no new case starts. */
  deadline?: number;
  /** Only cases whose id passes (e.g. one case id). */
  only?: (id: string) => boolean;
  /**
   * A selected case that will not run because the deadline passed. (After cancel() @vitest/runner
   * itself marks what is left skipped, and not every case reaches onBeforeRunTask: the run counts those.)
   */
  onSkip?(id: string): void;
  /** The ids of the cases selected to run, once the suite is collected. */
  onSelected?(ids: string[]): void;
}

/** Which of a suite's cases (in collection order) a run selects: its shard, then --case. */
export function selects(index: number, id: string, o: Pick<ChaosRunnerOptions, 'shard' | 'only'>): boolean {
  const inShard = !o.shard || index % o.shard.count === o.shard.index - 1;
  return inShard && (!o.only || o.only(id));
}

export class ChaosRunner implements VitestRunner {
  readonly config: VitestRunnerConfig;
  /** Cases that outlived their timeout and are still healing. */
  readonly stragglers = new Set<Promise<unknown>>();
  private cancelled = false;

  constructor(private readonly ctx: SuiteContext, private readonly opts: ChaosRunnerOptions) {
    this.config = {
      root: process.cwd(), setupFiles: [], name: ctx.suite, passWithNoTests: true, testNamePattern: undefined, allowOnly: true,
      sequence: { seed: ctx.seed, hooks: 'stack', setupFiles: 'list', concurrent: opts.jobs > 1, shuffle: false },
      chaiConfig: undefined, maxConcurrency: Math.max(1, opts.jobs), testTimeout: opts.caseTimeoutMs, hookTimeout: 30_000,
      retry: 0, includeTaskLocation: false, tags: [], tagsFilter: undefined, strictTags: false,
    };
  }

  async importFile(filepath: string, source: VitestRunnerImportSource): Promise<void> {
    if (source !== 'collect') return;
    const suite = await loadSuite(filepath);
    await (suite as (ctx: SuiteContext) => unknown)(this.ctx);
  }

  onCollected(files: File[]): void {
    throwCollectErrors(files);
    const tests = files.flatMap((f) => allTests(f));
    tests.forEach((t, i) => {
      if (!selects(i, t.name, this.opts)) t.mode = 'skip';
    });
    this.opts.onSelected?.(tests.filter((t) => t.mode === 'run').map((t) => t.name));
  }

  async onBeforeRunTask(test: Test): Promise<void> {
    await Promise.all(this.stragglers);
    if (test.mode !== 'run' && test.mode !== 'queued') return;
    if (this.cancelled) test.mode = 'skip';
    else if (this.opts.deadline !== undefined && Date.now() >= this.opts.deadline) {
      test.mode = 'skip';
      this.opts.onSkip?.(test.name);
    }
  }

  cancel(): void {
    this.cancelled = true;
  }
}

export function allTests(task: Task): Test[] {
  if (task.type === 'test') return [task];
  return 'tasks' in task ? task.tasks.flatMap(allTests) : [];
}

/** A suite file that did not collect (it threw, or imported something missing): one plain error. */
export function throwCollectErrors(files: readonly File[]): void {
  for (const f of files) {
    const err = f.result?.errors?.[0];
    if (err) throw new Error(`suite ${f.name} could not be collected: ${err.message}`);
  }
}
