// Our VitestRunner: @vitest/runner collects the suite file's describe/test calls and runs them;
// this class imports suite files with their SuiteContext, applies shard / time budget / cancel,
// and waits for a timed-out case to finish healing before the next case starts.
import { pathToFileURL } from 'node:url';
import type { File, Task, Test, VitestRunner, VitestRunnerImportSource } from '@vitest/runner';
import type { VitestRunnerConfig } from '@vitest/runner/types';
import type { SuiteContext } from './context.ts';

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
    const mod = (await import(pathToFileURL(filepath).href)) as { default?: unknown };
    if (typeof mod.default !== 'function') throw new Error(`suite ${filepath} must export a default function (ctx: SuiteContext) => void`);
    await (mod.default as (ctx: SuiteContext) => unknown)(this.ctx);
  }

  onCollected(files: File[]): void {
    const tests = files.flatMap((f) => allTests(f));
    tests.forEach((t, i) => {
      const inShard = !this.opts.shard || i % this.opts.shard.count === this.opts.shard.index - 1;
      if (!inShard || (this.opts.only && !this.opts.only(t.name))) t.mode = 'skip';
    });
  }

  async onBeforeRunTask(test: Test): Promise<void> {
    await Promise.all(this.stragglers);
    if (this.cancelled || (this.opts.deadline !== undefined && Date.now() > this.opts.deadline)) test.mode = 'skip';
  }

  cancel(): void {
    this.cancelled = true;
  }
}

export function allTests(task: Task): Test[] {
  if (task.type === 'test') return [task];
  return 'tasks' in task ? task.tasks.flatMap(allTests) : [];
}
