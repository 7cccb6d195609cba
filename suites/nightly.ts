// nightly: the phase matrix, then seeded random schedules (several faults, random timing) for
// as long as --time-budget allows (the runner starts no case past the budget).
import type { SuiteContext } from '../harness/suite/context.ts';
import { matrixCases, registerByPhase } from './lib/matrix.ts';
import { randomSchedules } from './lib/random-schedules.ts';

/** Random schedules when no budget is given. */
const DEFAULT_SCHEDULES = 50;
/** Rough cost of one case, to size the random part by the budget. */
const CASE_MS = 3000;

export default function nightly(ctx: SuiteContext): void {
  const matrix = matrixCases(ctx);
  registerByPhase(ctx, matrix);
  const budgetCases = ctx.timeBudgetMs === undefined ? DEFAULT_SCHEDULES : Math.floor(ctx.timeBudgetMs / CASE_MS) - matrix.length;
  ctx.describe('random schedules', () => {
    for (const c of randomSchedules(ctx, Math.max(DEFAULT_SCHEDULES, budgetCases))) ctx.caseTest(c);
  });
}
