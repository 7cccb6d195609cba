import { describe, expect, test } from 'vitest';
import type { Case } from '../../../core/model/case.ts';
import type { CheckName } from '../../../core/model/run.ts';
import { selftest, storeId, type SelftestDeps } from '../../../harness/explore/selftest.ts';
import { formatSelftest, lastLine } from '../../../harness/explore/selftest-table.ts';
import { catchOrder, catchScore, diverse } from '../../../harness/explore/selftest-cases.ts';
import { caseOf, resultOf } from './fixtures.ts';
import type { Phase } from '../../../core/model/phases.ts';

const at = (phase: Phase, checkpoint = 1) => ({ phase, checkpoint });
const CASES: Case[] = [
  caseOf([{ kind: 'crash', role: 'secondary', at: at('S3') }], { id: 'a' }),
  caseOf([{ kind: 'crash', role: 'primary', at: at('P8') }], { id: 'b' }),
  caseOf([{ kind: 'crash', role: 'primary', at: at('S7a') }], { id: 'c' }),
];
/** Which case catches which bug, and on which check; 'flaky' fails on the clean pair with seed 2. */
const CATCHES: Record<string, Record<string, CheckName>> = { 'bug-b': { b: 'consistent-resume', c: 'liveness' }, 'bug-c': { c: 'output-commit' } };

function deps(log: string[] = []): SelftestDeps & { ran: string[]; shrunk: string[] } {
  let clock = 0;
  const ran: string[] = [];
  const shrunk: string[] = [];
  return {
    ran, shrunk, log: (l) => log.push(l), now: () => clock,
    cases: async (bug) => CASES.map((c) => ({ ...c, ...(bug ? { bug } : {}) })),
    run: async (c) => {
      clock += 1000;
      ran.push(c.id);
      const original = c.id.split('--')[1]!;
      const check = c.bug ? CATCHES[c.bug]?.[original] : c.id === storeId(undefined, 2, 'c') ? 'cleanup' : undefined;
      return resultOf(c, check ? [check] : []);
    },
    shrink: async (failing) => {
      shrunk.push(failing.id);
      return { id: `${failing.id}-min`, faults: failing.case.faults, reproduction: { runs: 3, failures: 3 } };
    },
  };
}

describe('selftest', () => {
  test('each bug runs until its first failing case, which is shrunk; the clean pair runs over every seed', async () => {
    const d = deps();
    const r = await selftest(d, { bugs: ['bug-b', 'bug-c', 'bug-none'], full: false, seed: 1, cleanSeeds: [1, 2] });
    const [b, c, none] = r.rows;
    expect(b).toMatchObject({ caught: true, caseId: 'b', checks: ['consistent-resume'], casesRun: 2, timeMs: 2000 });
    expect(c).toMatchObject({ caught: true, caseId: 'c', checks: ['output-commit'], casesRun: 3, timeMs: 3000 });
    expect(none).toMatchObject({ caught: false, casesRun: 3 });
    expect(none!.minimal).toBeUndefined();
    expect(d.shrunk).toEqual(['bug-b--b', 'bug-c--c']);
    expect(r.clean.cases).toBe(6);
    expect(r.clean.falseAlarms).toEqual([{ seed: 2, caseId: 'c', checks: ['cleanup'] }]);
    expect(new Set(d.ran).size).toBe(d.ran.length);
  });

  test('--full runs every case of a bug', async () => {
    const d = deps();
    const r = await selftest(d, { bugs: ['bug-b'], full: true, seed: 1, cleanSeeds: [] });
    expect(r.rows[0]).toMatchObject({ caught: true, caseId: 'b', casesRun: 3 });
  });

  test('the table names bug, check, case, time and minimal case, and ends with the summary line', async () => {
    const r = await selftest(deps(), { bugs: ['bug-b', 'bug-none'], full: false, seed: 1, cleanSeeds: [1, 2] });
    const text = formatSelftest(r);
    expect(text).toMatch(/^bug\s+caught\s+check/);
    expect(text).toMatch(/bug-b\s+yes\s+consistent-resume\s+b\s+2\.0 s\s+2\s+crash of the primary at P8/);
    expect(text).toMatch(/bug-none\s+NO/);
    expect(text).toMatch(/FALSE ALARM seed 2 c: cleanup/);
    expect(text.split('\n').at(-1)).toBe('selftest: 1/2 bugs caught, slowest 2.0 s, 1 false alarms');
    expect(lastLine(r)).toMatch(/^selftest: \d+\/\d+ bugs caught, slowest [\d.]+ s, \d+ false alarms$/);
  });
});

describe('catch order', () => {
  test('pinned cases first, then the schedules most likely to expose a bug', () => {
    const slow = caseOf([{ kind: 'latency', link: 'mirror', at: at('P3'), durationMs: 100, params: { latency: 10 } }], { id: 'slow' });
    const partition = caseOf([
      { kind: 'blackhole', link: 'checkpoint', at: at('P8') }, { kind: 'blackhole', link: 'heartbeat', at: at('P8') },
    ], { id: 'partition' });
    const order = catchOrder([slow, ...CASES, partition], ['c']).map((c) => c.id);
    expect(order).toEqual(['c', 'partition', 'b', 'slow', 'a']); // equal scores keep their order
    expect(catchScore(slow)).toBe(0);
  });
});

test('a case the harness could not start is tried again; a failure never is', async () => {
  const d = deps();
  const inner = d.run;
  let first = true;
  d.run = async (c) => {
    const r = await inner(c);
    if (first && c.id === 'bug-c--a') { first = false; return { ...r, verdict: 'unknown', error: 'the pair did not start' }; }
    return r;
  };
  const r = await selftest(d, { bugs: ['bug-c'], full: false, seed: 1, cleanSeeds: [2] });
  expect(d.ran.filter((id) => id.startsWith('bug-c--a'))).toEqual(['bug-c--a', 'bug-c--a-run2']);
  expect(r.rows[0]).toMatchObject({ caught: true, caseId: 'c', casesRun: 3, unknown: 0 });
  expect(d.ran.filter((id) => id.startsWith('clean-s2--c'))).toEqual(['clean-s2--c']);
  expect(r.clean.falseAlarms).toHaveLength(1);
});

test('diverse takes the best schedule of each feature before a second of any', () => {
  const failover = (id: string) => caseOf([
    { kind: 'crash', role: 'primary', at: at('S7a') }, { kind: 'failover-command', role: 'secondary', at: at('S7a') },
  ], { id });
  const partition = caseOf([{ kind: 'blackhole', link: 'checkpoint', at: at('P8') }, { kind: 'blackhole', link: 'heartbeat', at: at('P8') }], { id: 'partition' });
  const cut = caseOf([{ kind: 'reset', link: 'checkpoint', at: at('P3') }], { id: 'cut' });
  const picked = diverse([failover('f1'), failover('f2'), failover('f3'), cut, partition], 3).map((c) => c.id);
  expect(picked).toEqual(['f1', 'partition', 'f2']);
  expect(diverse([cut, partition], 5).map((c) => c.id).sort()).toEqual(['cut', 'partition']);
});
