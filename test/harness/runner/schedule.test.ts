// The fault schedule on the real reference pair: once the pair stopped replicating, a fault whose
// breakpoint can no longer come is an unknown that says why, after a short grace, not the whole land timeout.
import { expect, test } from 'vitest';
import { loadDriver } from '../../../harness/targets.ts';
import { makeContext } from '../../../harness/suite/context.ts';
import { schedule } from '../../../harness/suite/cases.ts';
import { DEFAULT_TIMING } from '../../../harness/runner/timing.ts';
import { caseFixture } from './case-fixture.ts';

const fx = caseFixture('colo-ref');

test('a fault after the pair left replication: unknown in words naming what ended it, well before the land timeout', async () => {
  const ctx = makeContext({ driver: await loadDriver('colo-ref'), suite: 'test', target: 'colo-ref', seed: 5, failover: 'auto', caseTimeoutMs: 60_000, cases: new Map(), execute: async () => undefined });
  // the operator makes the secondary take over at checkpoint 1; checkpoint 3 never comes
  const c = schedule(ctx, 'P2-failover-command-primary-cp1-then-crash', [
    { phase: 'P2', fault: 'failover-command', role: 'secondary', checkpoint: 1 },
    { phase: 'P1', fault: 'crash', role: 'secondary', checkpoint: 3 },
  ]);
  const out = await fx.run(c);
  const note = out.events.find((e) => e.type === 'note' && /^harness error/.test(e.message));
  expect(note?.type === 'note' && note.message).toMatch(/the pair stopped replicating before fault 1 \(crash\) could land at P1 of checkpoint 3: (the secondary took over|the primary fenced itself \(secondary took over\)) at \d+ ms;/);
  expect(out.result.verdict).toBe('unknown');
  const injected = out.events.find((e) => e.type === 'fault-inject')!.t;
  expect(note!.t - injected).toBeLessThan(DEFAULT_TIMING.landMs);
}, 90_000);
