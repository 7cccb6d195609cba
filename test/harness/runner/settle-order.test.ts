// Settle's "replication went on" needs a secondary checkpoint after the last fault: a fault that
// landed late (QEMU's P0 is taken at P12) comes after a checkpoint numbered past its own, and that
// checkpoint says nothing of how the pair went on. The pair here is only the state settle reads
// (alive, capabilities): what it decides is pure over the timeline.
import { expect, test } from 'vitest';
import type { Case } from '../../../core/model/case.ts';
import type { StartedPair } from '../../../core/model/target.ts';
import { settle } from '../../../harness/runner/settle.ts';
import { Timeline } from '../../../harness/runner/timeline.ts';

const pair = { capabilities: { breakpoints: true, autoFailover: true }, alive: () => true } as unknown as StartedPair;
const fault = { kind: 'crash', role: 'secondary', at: { phase: 'P0', checkpoint: 2 } } as const;
const c = { id: 'x', faults: [fault], failover: 'auto' } as unknown as Case;
const checkpoint = (n: number) => ({ type: 'checkpoint', role: 'secondary', n, digest: '', bytes: 0, dirtyPages: 0 }) as const;

test('a checkpoint past the fault\'s number from before the fault does not settle the case', async () => {
  const tl = new Timeline();
  tl.add(checkpoint(3));
  await new Promise((r) => setTimeout(r, 5));
  tl.add({ type: 'fault-inject', fault, index: 0, issuedAt: tl.now(), issuedEpoch: Date.now() });
  const s = await settle(c, pair, tl, () => [], 150);
  expect(s.how).toBe('nothing resolved within 150 ms');
});

test('the same checkpoint after the fault does', async () => {
  const tl = new Timeline();
  tl.add({ type: 'fault-inject', fault, index: 0, issuedAt: tl.now(), issuedEpoch: Date.now() });
  await new Promise((r) => setTimeout(r, 5));
  tl.add(checkpoint(3));
  const s = await settle(c, pair, tl, () => [], 150);
  expect(s.how).toBe('replication went on');
  expect(s.survivor).toBe('primary');
});
