// What a suite file receives: the run's target, bug, seed and failover mode, a seeded generator
// for its schedules, and caseTest(case), which registers one case as a test. Passed explicitly:
// a suite file exports `default (ctx: SuiteContext) => void`.
import { describe, test } from '@vitest/runner';
import type { Case, TargetName } from '../../core/model/case.ts';
import type { TargetDriver } from '../../core/model/target.ts';
import { Random } from '../../core/random.ts';
import { validateCase } from './validate-case.ts';
import { withTargetOptions } from './override.ts';
import { perColumn, type MatrixColumn } from './option-matrix.ts';

export interface SuiteContext {
  readonly suite: string;
  readonly target: TargetName;
  /** The target's driver: what it declares (case defaults, schedule space, bugs) shapes the cases. */
  readonly driver: TargetDriver;
  readonly bug?: string;
  readonly seed: number;
  readonly failover: 'auto' | 'manual';
  /** Wall-clock budget of the run, ms (nightly schedules size themselves by it). */
  readonly timeBudgetMs?: number;
  /** Target options from the command line (a suite may add cases for an option that is on). */
  readonly targetOptions?: Case['options'];
  /** A generator for `label`, derived from the run seed (same seed, same schedule). */
  random(label: string): Random;
  /** A case's seed: derived from the run seed and the case id, so it does not depend on order. */
  caseSeed(id: string): number;
  /** Register a case as a test (its name is the case id). */
  caseTest(c: Case, opts?: { timeoutMs?: number }): void;
  readonly describe: typeof describe;
}

export interface ContextOptions {
  suite: string;
  target: TargetName;
  driver: TargetDriver;
  bug?: string;
  seed: number;
  failover: 'auto' | 'manual';
  timeBudgetMs?: number;
  caseTimeoutMs: number;
  /** Runs a registered case; throws when its verdict is not pass (so the test fails). */
  execute(c: Case, signal: AbortSignal): Promise<void>;
  /** Every registered case, by id. */
  cases: Map<string, Case>;
  /** Options from the command line; they override each case's own. */
  targetOptions?: Case['options'];
  /** A matrix flag (--qemu) given more than once: each case once per value. */
  matrix?: readonly MatrixColumn[];
}

export function makeContext(o: ContextOptions): SuiteContext {
  const root = new Random(o.seed);
  return {
    suite: o.suite, target: o.target, driver: o.driver, ...(o.bug ? { bug: o.bug } : {}), seed: o.seed, failover: o.failover,
    ...(o.timeBudgetMs !== undefined ? { timeBudgetMs: o.timeBudgetMs } : {}),
    ...(o.targetOptions ? { targetOptions: o.targetOptions } : {}),
    random: (label) => root.fork(label),
    caseSeed: (id) => root.fork(`case:${id}`).int(0, 0x7fffffff),
    describe,
    caseTest(given, opts) {
      for (const c of perColumn(withTargetOptions(given, o.targetOptions), o.matrix)) {
        const problems = validateCase(c);
        if (problems.length) throw new Error(`case ${c.id} is invalid: ${problems.join('; ')}`);
        if (o.cases.has(c.id)) throw new Error(`case id ${c.id} is used twice in suite ${o.suite}`);
        o.cases.set(c.id, c);
        test(c.id, { timeout: opts?.timeoutMs ?? o.caseTimeoutMs }, ({ signal }) => o.execute(c, signal));
      }
    },
  };
}
