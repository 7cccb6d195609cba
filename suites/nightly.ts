// nightly: seeded random schedules (several faults, random timing, random checkpoints) for as
// long as --time-budget allows (the runner starts no case past the budget), with a seeded sample
// of the phase matrix mixed in: three random schedules, then one matrix case, so the budget goes
// mostly to schedules the matrix never tries, and a short budget still gets random schedules.
import type { SuiteContext } from '../harness/suite/context.ts';
import type { Case } from '../core/model/case.ts';
import { Random } from '../core/random.ts';
import { matrixCases } from '../harness/suite/matrix.ts';
import { explorationCases } from '../harness/explore/cases.ts';

/** Random schedules when no budget is given. */
const DEFAULT_SCHEDULES = 50;
/** A low estimate of one case when the target gives none (its caseDefaults.caseMs), so the registered cases outlast the budget (the rest are skipped). */
const CASE_MS = 5000;
/** Random schedules per matrix case. */
const RANDOM_PER_MATRIX = 3;

/** Random schedules and matrix cases interleaved: RANDOM_PER_MATRIX randoms first, then one matrix case, ... */
export function nightlyCases(ctx: SuiteContext): Case[] {
  const estimate = ctx.timeBudgetMs === undefined ? 0 : Math.floor(ctx.timeBudgetMs / (ctx.driver.caseDefaults?.caseMs ?? CASE_MS));
  const randoms = explorationCases(ctx, Math.max(DEFAULT_SCHEDULES, Math.ceil((estimate * RANDOM_PER_MATRIX) / (RANDOM_PER_MATRIX + 1))));
  // which matrix cases run tonight: drawn from the run's seed, so a date seed covers the matrix over the nights
  const matrix = new Random(ctx.caseSeed('nightly-matrix-sample')).shuffle(matrixCases(ctx)).slice(0, Math.floor(randoms.length / RANDOM_PER_MATRIX));
  const out: Case[] = [];
  randoms.forEach((c, i) => {
    out.push(c);
    const m = matrix[(i + 1) / RANDOM_PER_MATRIX - 1];
    if ((i + 1) % RANDOM_PER_MATRIX === 0 && m) out.push(m);
  });
  return out;
}

export default function nightly(ctx: SuiteContext): void {
  // the schedule space: harness/explore/README.md; each case's seed regenerates its schedule
  ctx.describe('random schedules and a matrix sample', () => {
    for (const c of nightlyCases(ctx)) ctx.caseTest(c);
  });
}
