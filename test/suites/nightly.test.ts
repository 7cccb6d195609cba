// The nightly's case list: random schedules first and mostly, a seeded sample of the matrix mixed in.
import { describe, expect, test } from 'vitest';
import type { Case } from '../../core/model/case.ts';
import { makeContext } from '../../harness/suite/context.ts';
import { scheduleOf } from '../../harness/explore/cases.ts';
import { spaceFor } from '../../harness/explore/space.ts';
import { loadDriver } from '../../harness/targets.ts';
import { nightlyCases } from '../../suites/nightly.ts';
import { cli } from '../harness/suite/cli-run.ts';

const coloRef = await loadDriver('colo-ref');
const ctx = (seed: number, timeBudgetMs?: number) => makeContext({
  driver: coloRef, suite: 'nightly', target: 'colo-ref', seed, failover: 'auto', caseTimeoutMs: 1000, cases: new Map(),
  ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}), execute: async () => undefined,
});
const random = (c: Case) => c.id.startsWith('explore-');

describe('the nightly suite', () => {
  test.each([[undefined], [120_000], [600_000], [1_800_000]])('budget %s: random schedules first, at least 3 in every 4 cases of any prefix', (budget) => {
    const cases = nightlyCases(ctx(9, budget));
    expect(cases.slice(0, 3).every(random)).toBe(true);
    for (let n = 4; n <= cases.length; n += 4) expect(cases.slice(0, n).filter(random).length).toBeGreaterThanOrEqual((3 * n) / 4);
    expect(cases.some((c) => !random(c))).toBe(true);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  test('a longer budget registers more; the shorter list is its prefix; stored seeds regenerate the schedules', () => {
    const short = nightlyCases(ctx(9, 120_000));
    const long = nightlyCases(ctx(9, 1_800_000));
    expect(long.filter(random).length).toBeGreaterThan(short.filter(random).length * 10);
    expect(long.slice(0, short.length)).toEqual(short);
    for (const c of short.filter(random)) expect(scheduleOf(c.seed, spaceFor(coloRef, 'auto'))).toEqual(c.faults);
  });

  test('the matrix sample depends on the run seed (nights cover different matrix cases)', () => {
    const sample = (seed: number) => nightlyCases(ctx(seed, 600_000)).filter((c) => !random(c)).map((c) => c.id);
    expect(sample(9)).not.toEqual(sample(10));
  });

  test('the suite registers exactly that list (collected in a child process)', async () => {
    const listed = JSON.parse((await cli(['list', '--suite', 'nightly', '--seed', '9', '--json', '--time-budget', '2m'])).stdout) as Case[];
    expect(listed.map((c) => c.id)).toEqual(nightlyCases(ctx(9, 120_000)).map((c) => c.id));
  }, 60_000);
});
