// Held output: what the primary holds from its held / release events, and an idle-phase matrix
// case on the real reference pair whose fault lands only once the primary holds output (and whose
// open-loop clients keep a request in flight through every phase).
import { expect, test } from 'vitest';
import type { TimelineEvent } from '../../../core/model/events.ts';
import { heldSeqs } from '../../../harness/runner/held.ts';
import { loadDriver } from '../../../harness/targets.ts';
import { makeContext } from '../../../harness/suite/context.ts';
import { matrixCases } from '../../../harness/suite/matrix.ts';
import { caseFixture } from './case-fixture.ts';
import { axesOf } from '../../../core/model/case.ts';

const fx = caseFixture('colo-ref');

test('held until released: only the primary\'s held seqs not in a later release', () => {
  const events: TimelineEvent[] = [
    { t: 1, type: 'held', role: 'primary', seq: 3, reason: 'mismatch' },
    { t: 2, type: 'held', role: 'primary', seq: 4, reason: 'timeout' },
    { t: 3, type: 'release', role: 'primary', seqs: [3, 5], reason: 'checkpoint' },
    { t: 4, type: 'held', role: 'secondary', seq: 9, reason: 'mismatch' },
  ];
  expect([...heldSeqs(events)]).toEqual([4]);
  expect(heldSeqs(events.slice(0, 1)).has(3)).toBe(true);
});

test('an idle-phase fault lands while the primary holds output, and the clean pair passes', async () => {
  const ctx = makeContext({ driver: await loadDriver('colo-ref'), suite: 'phase-matrix', target: 'colo-ref', seed: 4, failover: 'auto', caseTimeoutMs: 60_000, cases: new Map(), execute: async () => undefined });
  const c = matrixCases(ctx).find((x) => { const a = axesOf(x); return a.phase === 'P0' && a.fault === 'crash' && a.role === 'primary'; })!;
  const out = await fx.run(c);
  const inject = out.events.findIndex((e) => e.type === 'fault-inject');
  expect(inject).toBeGreaterThan(0);
  expect(heldSeqs(out.events.slice(0, inject)).size).toBeGreaterThan(0);
  expect(out.result.verdict, JSON.stringify(out.result.violations)).toBe('pass');
  // open-loop clients: in every phase of checkpoint 1 (the guest stopped from P3 on) a request is in
  // flight (but P0, which comes right after the initial sync, before the clients start)
  const ops = out.events.filter((e) => e.type === 'op' && e.process < 100);
  const inFlight = (t: number): boolean => ops.some((o) => o.type === 'op' && o.op === 'invoke' && o.t <= t &&
    !ops.some((d) => d.type === 'op' && d.op !== 'invoke' && d.process === o.process && d.t >= o.t && d.t < t));
  const phases = out.events.filter((e) => e.type === 'phase' && e.role === 'primary' && e.checkpoint === 1 && e.phase !== 'P0');
  expect(phases.length).toBeGreaterThanOrEqual(12);
  expect(phases.filter((e) => !inFlight(e.t)).map((e) => e.type === 'phase' && e.phase)).toEqual([]);
}, 90_000);
