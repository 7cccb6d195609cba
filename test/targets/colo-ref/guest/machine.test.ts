// The guest's page writer: requests sweep all of RAM, and two replicas that execute the same
// requests write the same bytes (the writer is a pure function of seq).
import { expect, test } from 'vitest';
import { Machine } from '../../../../targets/colo-ref/guest/machine.ts';

const guest = (role: 'primary' | 'secondary', writePages: number) => new Machine({ pages: 256, accounts: 8, nonceRate: 0, seed: 3, role, writePages });
const dirtied = (m: Machine) => new Set(m.ram.takeDirty());

test('with write-pages 16, 16 requests dirty every page of a 256-page guest; the data pages keep their bytes', () => {
  const m = guest('primary', 16);
  m.ram.takeDirty();
  const before = m.balances();
  for (let i = 0; i < 16; i++) m.execute({ id: i, op: 'get', key: 'k' });
  expect(dirtied(m).size).toBe(256);
  expect(m.balances()).toEqual(before);
  expect(m.invariants()).toEqual({ ok: true, violations: [] });
});

test('primary and secondary executing the same requests end in the same state; the writer changes it', () => {
  const reqs = Array.from({ length: 40 }, (_, i) => (i % 2 ? { id: i, op: 'transfer', from: i % 8, to: (i + 1) % 8, amount: 3 } : { id: i, op: 'put', key: `k${i % 5}`, value: `v${i}` }));
  const [p, s, off] = [guest('primary', 16), guest('secondary', 16), guest('primary', 0)];
  for (const r of reqs) for (const m of [p, s, off]) m.execute(r);
  expect(s.digest()).toBe(p.digest());
  expect(off.digest()).not.toBe(p.digest());
});

test('write-pages 0: a read dirties only the header and journal', () => {
  const m = guest('primary', 0);
  m.ram.takeDirty();
  m.execute({ id: 1, op: 'get', key: 'k' });
  expect(dirtied(m).size).toBeLessThanOrEqual(2);
});
