// nightly: the phase matrix, then seeded random schedules (several faults, random timing) for
// as long as --time-budget allows (the runner starts no case past the budget).
import type { SuiteContext } from '../harness/suite/context.ts';
import { matrixCases, registerByPhase } from './lib/matrix.ts';
import { explorationCases } from '../harness/explore/cases.ts';

/** Random schedules when no budget is given. */
const DEFAULT_SCHEDULES = 50;
/** A low estimate of one case, so the registered schedules outlast the budget (the rest are skipped). */
const CASE_MS = { 'colo-ref': 1000, qemu: 5000 } as const;

export default function nightly(ctx: SuiteContext): void {
  const matrix = matrixCases(ctx);
  registerByPhase(ctx, matrix);
  const budgetCases = ctx.timeBudgetMs === undefined ? DEFAULT_SCHEDULES : Math.floor(ctx.timeBudgetMs / CASE_MS[ctx.target]) - matrix.length;
  // the schedule space: harness/explore/README.md; each case's seed regenerates its schedule
  ctx.describe('random schedules', () => {
    for (const c of explorationCases(ctx, Math.max(DEFAULT_SCHEDULES, budgetCases))) ctx.caseTest(c);
  });
}
