// Breakpoints on the tracker's phase events: an idle breakpoint (P0/S0) pauses at the event that
// begins the idle (P12/S8), so back-to-back checkpoints (colo-compare's mismatch checkpoints, where
// the idle event itself never comes) cannot skip it; checkpoint 0's idle pauses on its own event.
import { describe, expect, test } from 'vitest';
import type { TargetEvent } from '../../../harness/model/target.ts';
import type { Phase, Role } from '../../../harness/model/phases.ts';
import { Breakpoints, type Side } from '../../../targets/qemu/breakpoints.ts';
import { ColoStreamDecoder } from '../../../targets/qemu/colo-stream.ts';

function setup(): { bp: Breakpoints; paused: TargetEvent[]; feed(role: Role, phase: Phase, checkpoint: number): void } {
  const side = (): Side => ({ decoder: new ColoStreamDecoder(() => undefined), tap: () => undefined, blobSize: () => 0 });
  const paused: TargetEvent[] = [];
  const bp = new Breakpoints({ primary: side(), secondary: side() }, (e) => paused.push(e));
  return { bp, paused, feed: (role, phase, checkpoint) => bp.onEvent({ type: 'phase', role, phase, checkpoint }) };
}

describe('qemu breakpoints at idle', () => {
  test('P0 of checkpoint 3 pauses at its P12, even when checkpoint 4 follows before any P0 event', () => {
    const { bp, paused, feed } = setup();
    bp.arm('P0', 3);
    for (const p of ['P1', 'P2', 'P3', 'P4', 'P9', 'P11'] as const) feed('primary', p, 3);
    expect(paused).toEqual([]);
    feed('primary', 'P12', 3);
    expect(paused).toEqual([{ type: 'paused', role: 'primary', phase: 'P0', checkpoint: 3 }]);
    expect(bp.paused).toBe(true);
    feed('primary', 'P1', 4);
    expect(paused).toHaveLength(1);
  });

  test('not at another checkpoint\'s P12; once only', () => {
    const { bp, paused, feed } = setup();
    bp.arm('P0', 3);
    feed('primary', 'P12', 2);
    feed('primary', 'P0', 2);
    expect(paused).toEqual([]);
    feed('primary', 'P12', 3);
    feed('primary', 'P0', 3);
    expect(paused).toHaveLength(1);
  });

  test('S0 of checkpoint 2 pauses at its S8; checkpoint 0\'s idle on its own event', () => {
    const { bp, paused, feed } = setup();
    bp.arm('S0', 2);
    bp.arm('P0', 0);
    feed('secondary', 'S8', 1);
    feed('primary', 'P0', 0);
    feed('secondary', 'S8', 2);
    expect(paused).toEqual([
      { type: 'paused', role: 'primary', phase: 'P0', checkpoint: 0 },
      { type: 'paused', role: 'secondary', phase: 'S0', checkpoint: 2 },
    ]);
  });
});
