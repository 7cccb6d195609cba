// A case names one fault once: its axes are read from that fault, never stored beside it.
import { expect, test } from 'vitest';
import { axesOf, type Case } from '../../../core/model/case.ts';
import { validateCase } from '../../../harness/suite/validate-case.ts';
import { loadDriver } from '../../../harness/targets.ts';
import { makeContext } from '../../../harness/suite/context.ts';

const ctx = makeContext({ driver: await loadDriver('colo-ref'), suite: 'smoke', target: 'colo-ref', seed: 1, failover: 'auto', caseTimeoutMs: 1000, cases: new Map(), execute: async () => undefined });

const prepared: Case = {
  id: 'S2-crash-primary-cp1', suite: 'smoke', target: 'colo-ref', seed: 1, named: 1,
  faults: [
    { kind: 'blackhole', link: 'checkpoint', at: { phase: 'S1', checkpoint: 1 } },
    { kind: 'crash', role: 'primary', at: { phase: 'S2', checkpoint: 1 } },
  ],
};

test('the axes come from the named fault: the first, or the one an earlier fault only prepares', () => {
  const { named: _n, ...first } = prepared;
  expect(axesOf(first)).toEqual({ role: 'secondary', phase: 'S1', checkpoint: 1, fault: 'blackhole' });
  expect(axesOf(prepared)).toEqual({ role: 'primary', phase: 'S2', checkpoint: 1, fault: 'crash' });
});

test('a case with no fault, or naming one it does not have, is refused in words', () => {
  expect(validateCase(prepared)).toEqual([]);
  expect(validateCase({ ...prepared, named: 2 })).toEqual(['named: fault 2 names the case, but it has 2 faults']);
  expect(validateCase({ ...prepared, faults: [], named: undefined } as unknown as Case)).toEqual(['faults: a case has at least one fault']);
  expect(() => axesOf({ faults: [] })).toThrow(/no fault 0/);
});

test('the smoke suite\'s prepared case is named after its crash, as its id says', async () => {
  const { default: smoke } = await import('../../../suites/smoke.ts');
  const cases: Case[] = [];
  smoke({ ...ctx, describe: ((_n: string, fn: () => void) => fn()) as unknown as typeof ctx.describe, caseTest: (c: Case) => { cases.push(c); } });
  const c = cases.find((x) => x.id === 'S2-crash-primary-cp1')!;
  expect(c.faults).toHaveLength(2);
  expect(axesOf(c)).toMatchObject({ phase: 'S2', fault: 'crash', role: 'primary' });
  // and every other smoke case is named by its first (only) fault, matching its id
  for (const x of cases) { const a = axesOf(x); expect(x.id.startsWith(`${a.phase}-${a.fault}-`), x.id).toBe(true); }
});
