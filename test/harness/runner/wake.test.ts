// A replica hung past the takeover wakes when its hang ends: the case goes on until then (workload
// running) and judges what it does on waking. Healed at tear-down instead, the hung primary woke to
// closed clients, and a primary that released output as it woke (release-without-lease) passed.
import { expect, test } from 'vitest';
import { loadDriver } from '../../../harness/targets.ts';
import { makeContext } from '../../../harness/suite/context.ts';
import { oneFault } from '../../../harness/suite/cases.ts';
import { caseFixture } from './case-fixture.ts';

const fx = caseFixture('colo-ref');

test('a primary hung past the takeover is watched as it wakes, before the clients close', async () => {
  const ctx = makeContext({ driver: await loadDriver('colo-ref'), suite: 'test', target: 'colo-ref', seed: 5, failover: 'auto', caseTimeoutMs: 60_000, cases: new Map(), execute: async () => undefined });
  const c = oneFault(ctx, { phase: 'P0', fault: 'hang', role: 'primary', checkpoint: 2 });
  const hang = c.faults[0]!;
  expect(hang.durationMs).toBeGreaterThan(0);
  const out = await fx.run(c);
  const inject = out.events.find((e) => e.type === 'fault-inject');
  const heal = out.events.find((e) => e.type === 'fault-heal');
  const takeover = out.events.find((e) => e.type === 'failover' && e.role === 'secondary');
  const closed = out.events.find((e) => e.type === 'op' && e.op === 'info' && /closed at the end of the case/.test(JSON.stringify(e.value)));
  expect(takeover, 'the secondary took over during the hang').toBeDefined();
  expect(heal!.t - inject!.t, 'healed by its schedule, not at tear-down').toBeGreaterThanOrEqual(hang.durationMs! - 5);
  // the woken primary learns it was taken over while the case still runs
  const fenced = out.events.find((e) => e.type === 'fenced' && e.role === 'primary');
  expect(fenced, 'the woken primary stood down').toBeDefined();
  expect(fenced!.t).toBeGreaterThan(heal!.t);
  if (closed) expect(closed.t).toBeGreaterThan(fenced!.t);
  expect(out.result.verdict, JSON.stringify(out.result.violations)).toBe('pass');
}, 90_000);
