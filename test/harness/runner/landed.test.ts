// Where a fault landed: the owner's phase when the harness began to apply it, not when the
// command returned (the pair moves on meanwhile).
import { expect, test } from 'vitest';
import type { TimelineEvent } from '../../../core/model/events.ts';
import type { FaultSpec } from '../../../core/model/case.ts';
import { inIntendedPhase, landing, unpinnable, whyNotPinned } from '../../../harness/runner/landed.ts';

const spec: FaultSpec = { kind: 'checkpoint-command', role: 'primary', at: { phase: 'P0', checkpoint: 3 } };
const before: TimelineEvent[] = [
  { t: 10, type: 'phase', role: 'primary', phase: 'P0', checkpoint: 3 },
  { t: 11, type: 'paused', role: 'primary', phase: 'P0', checkpoint: 3 },
  { t: 15, type: 'phase', role: 'secondary', phase: 'S1', checkpoint: 4 },
  { t: 16, type: 'phase', role: 'primary', phase: 'P1', checkpoint: 4 },
  { t: 17, type: 'phase', role: 'primary', phase: 'P2', checkpoint: 4 },
];

test('a command in flight while the pair moves on lands where it was issued', () => {
  const l = landing([...before, { t: 18, type: 'fault-inject', fault: spec, index: 0, issuedAt: 12 }], 0);
  expect(l).toEqual({ phase: 'P0', checkpoint: 3 });
  expect(inIntendedPhase(spec, l)).toBe(true);
});

test('without issuedAt (older runs) the injection time counts; a fault never injected has no landing', () => {
  expect(landing([...before, { t: 18, type: 'fault-inject', fault: spec, index: 0 }], 0)).toEqual({ phase: 'P2', checkpoint: 4 });
  expect(landing(before, 0)).toBeNull();
});

test('an event that arrives while the fault is applied counts by the target\'s own clock when it has one', () => {
  const kill: FaultSpec = { kind: 'crash', role: 'primary', at: { phase: 'P11', checkpoint: 1 } };
  const paused: TimelineEvent[] = [
    { t: 10, type: 'phase', role: 'primary', phase: 'P11', checkpoint: 1 },
    { t: 11, type: 'paused', role: 'primary', phase: 'P11', checkpoint: 1 },
  ];
  const resume = (at: number): TimelineEvent => ({ t: 13, type: 'phase', role: 'primary', phase: 'P12', checkpoint: 1, at });
  const inject: TimelineEvent = { t: 14, type: 'fault-inject', fault: kill, index: 0, issuedAt: 12, issuedEpoch: 1_000_012 };
  // QEMU sent RESUME before the SIGKILL was issued: the primary had resumed
  expect(landing([...paused, resume(1_000_011.5), inject], 0)).toEqual({ phase: 'P12', checkpoint: 1 });
  // stamped after the kill was issued: it cannot have happened before it
  expect(landing([...paused, resume(1_000_012.5), inject], 0)).toEqual({ phase: 'P11', checkpoint: 1 });
});

test('a pause that could not stop at its phase lands where the target says the owner stopped, and says why', () => {
  const hit: FaultSpec = { kind: 'crash', role: 'primary', at: { phase: 'S7a', checkpoint: 2 } };
  const events: TimelineEvent[] = [
    { t: 10, type: 'phase', role: 'secondary', phase: 'S6', checkpoint: 2 },
    { t: 11, type: 'paused', role: 'secondary', phase: 'S7a', checkpoint: 2, stoppedAt: 'S6', unpinnable: 'too short' },
    { t: 12, type: 'fault-inject', fault: hit, index: 0, issuedAt: 12 },
  ];
  const l = landing(events, 0);
  expect(l).toEqual({ phase: 'S6', checkpoint: 2 });
  expect(inIntendedPhase(hit, l)).toBe(false);
  expect(unpinnable(events, 0)).toBe('too short');
  expect(unpinnable(before, 0)).toBeUndefined();
});

test("a pause that gave no reason: the driver's declared precision for the phase says why (pinning)", () => {
  const at: FaultSpec = { kind: 'crash', role: 'primary', at: { phase: 'P5', checkpoint: 2 } };
  const events: TimelineEvent[] = [
    { t: 10, type: 'phase', role: 'primary', phase: 'P4', checkpoint: 2 },
    { t: 11, type: 'paused', role: 'primary', phase: 'P5', checkpoint: 2 },
    { t: 12, type: 'fault-inject', fault: at, index: 0, issuedAt: 12 },
  ];
  const pinning = (phase: string): string => (phase === 'P5' ? 'taken at P4' : 'exact');
  expect(whyNotPinned(events, 0, pinning)).toBe('taken at P4');
  // an exact phase, a driver that declares nothing, a fault never injected: no reason
  expect(whyNotPinned(events, 0, () => 'exact')).toBeUndefined();
  expect(whyNotPinned(events, 0, undefined)).toBeUndefined();
  expect(whyNotPinned(before, 0, pinning)).toBeUndefined();
  // the target's own words at the pause come first
  const said = events.map((e) => (e.type === 'paused' ? { ...e, unpinnable: 'stopped early' } : e));
  expect(whyNotPinned(said, 0, pinning)).toBe('stopped early');
});
