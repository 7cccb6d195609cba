// Settling against the real reference pair: a heartbeat partition leaves the checkpoint link up,
// so the pair replicates on for a while and the secondary takes over only once the heartbeat
// timeout ran out. Settle must wait for that takeover (it is still possible) instead of judging
// "replication went on" and probing a primary that is about to be fenced (a false alarm).
import { expect, test } from 'vitest';
import { loadDriver } from '../../../harness/targets.ts';
import { makeContext } from '../../../harness/suite/context.ts';
import { oneFault } from '../../../harness/suite/cases.ts';
import { caseFixture } from './case-fixture.ts';

const fx = caseFixture('colo-ref');

test('a heartbeat partition on the clean pair: the late takeover is waited for and judged, the case passes', async () => {
  const ctx = makeContext({ driver: await loadDriver('colo-ref'), suite: 'test', target: 'colo-ref', seed: 5, failover: 'auto', caseTimeoutMs: 60_000, cases: new Map(), execute: async () => undefined });
  const c = oneFault(ctx, { phase: 'P0', fault: 'blackhole', link: 'heartbeat', checkpoint: 2 });
  const out = await fx.run(c);
  const settled = out.events.find((e) => e.type === 'note' && e.message.startsWith('settled:'));
  expect(settled?.type === 'note' && settled.message).toMatch(/the secondary took over; survivor secondary/);
  expect(out.result.verdict, JSON.stringify(out.result.violations)).toBe('pass');
}, 90_000);
