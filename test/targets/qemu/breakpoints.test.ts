// Breakpoints on the tracker's phase events: an idle breakpoint (P0/S0) pauses at the event that
// begins the idle (P12/S8), so back-to-back checkpoints (colo-compare's mismatch checkpoints, where
// the idle event itself never comes) cannot skip it; checkpoint 0's idle pauses on its own event.
import { describe, expect, test } from 'vitest';
import type { TargetEvent } from '../../../core/model/target.ts';
import type { Phase, Role } from '../../../core/model/phases.ts';
import { Breakpoints, TRACE_DRAIN_MS, type Proc, type Side } from '../../../targets/qemu/breakpoints.ts';
import type { ProcState } from '../../../targets/qemu/proc-state.ts';
import type { Tap } from '../../../targets/qemu/tap.ts';
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

/** A tap as the breakpoints see it: what is held per direction, what was released or cut. */
function fakeTap(): Tap & { log: string[] } {
  const held = { fwd: 0, back: 0 };
  const on = { fwd: false, back: false };
  const log: string[] = [];
  return {
    log, port: 0,
    hold: (d) => { on[d] = true; },
    release: (d) => { if (on[d]) log.push(`release ${d}`); on[d] = false; held[d] = 0; },
    held: (d) => on[d],
    heldBytes: (d) => held[d],
    cut: (d) => { log.push(`cut ${d}`); on[d] = false; return held[d]; },
    bytes: () => 0,
    close: async () => undefined,
  };
}

function procs(): Record<Role, Proc & { st: ProcState; log: string[] }> {
  const p = (): Proc & { st: ProcState; log: string[] } => {
    const x = { st: 'running' as ProcState, log: [] as string[], state: () => x.st, stop: () => { x.log.push('stop'); }, cont: () => { x.log.push('cont'); } };
    return x;
  };
  return { primary: p(), secondary: p() };
}

describe('qemu breakpoints holding the link', () => {
  function rig() {
    const taps = { primary: fakeTap(), secondary: fakeTap() };
    const side = (r: Role): Side => ({ decoder: new ColoStreamDecoder(() => undefined), tap: () => taps[r], blobSize: () => 0 });
    const events: TargetEvent[] = [];
    const ps = procs();
    const bp = new Breakpoints({ primary: side('primary'), secondary: side('secondary') }, (e) => events.push(e), ps);
    return { bp, taps, events, ps, feed: (role: Role, phase: Phase, checkpoint = 1) => bp.onEvent({ type: 'phase', role, phase, checkpoint }) };
  }

  test('continue cuts a direction whose sender died at the breakpoint and releases the live one', () => {
    const { bp, taps, events, ps, feed } = rig();
    bp.arm('S3', 1);
    feed('secondary', 'S3');
    // the RAM stop fires in the decoder; hold both directions as freeze() would
    taps.secondary.hold('fwd');
    taps.secondary.hold('back');
    ps.primary.st = 'dead';
    bp.continue();
    expect(taps.secondary.log).toEqual(['cut fwd', 'release back']);
    expect(events.some((e) => e.type === 'note' && /the primary ended there/.test(e.message))).toBe(true);
  });

  test('a hung sender keeps its direction held until it runs again', async () => {
    const { bp, taps, ps } = rig();
    taps.primary.hold('fwd');
    ps.primary.st = 'stopped';
    bp.continue();
    await new Promise((r) => setTimeout(r, 60));
    expect(taps.primary.held('fwd')).toBe(true);
    ps.primary.st = 'running';
    await new Promise((r) => setTimeout(r, 60));
    expect(taps.primary.log).toEqual(['release fwd']);
    bp.clear();
  });

  test('P9: the secondary is stopped as its RECEIVED leaves it (before LOADED) and let go at continue', () => {
    const { bp, events, ps, feed } = rig();
    bp.arm('P9', 1);
    feed('secondary', 'S6');
    expect(ps.secondary.log).toEqual(['stop']);
    feed('primary', 'P9');
    expect(events.filter((e) => e.type === 'paused')).toEqual([{ type: 'paused', role: 'primary', phase: 'P9', checkpoint: 1 }]);
    bp.continue();
    expect(ps.secondary.log).toEqual(['stop', 'cont']);
  });

  test('P9 with a load gate: closed when VMSTATE_SIZE reaches the secondary (the blob waits for it), opened at continue; no SIGSTOP', async () => {
    const taps = { primary: fakeTap(), secondary: fakeTap() };
    const side = (r: Role): Side => ({ decoder: new ColoStreamDecoder(() => undefined), tap: () => taps[r], blobSize: () => 0 });
    const ps = procs();
    const gate = { log: [] as string[], close: async () => { gate.log.push('close'); return true; }, open: () => { gate.log.push('open'); } };
    const bp = new Breakpoints({ primary: side('primary'), secondary: side('secondary') }, () => undefined, ps, gate);
    bp.arm('P9', 1);
    taps.secondary.hold('fwd'); // the decoder's stop after VMSTATE_SIZE
    bp.onEvent({ type: 'phase', role: 'secondary', phase: 'S5', checkpoint: 1 });
    expect(gate.log).toEqual(['close']);
    await new Promise((r) => setTimeout(r, 10));
    expect(taps.secondary.log).toEqual(['release fwd']);
    bp.onEvent({ type: 'phase', role: 'secondary', phase: 'S6', checkpoint: 1 });
    bp.onEvent({ type: 'phase', role: 'primary', phase: 'P9', checkpoint: 1 });
    expect(ps.secondary.log).toEqual([]);
    bp.continue();
    expect(gate.log).toEqual(['close', 'open']);
  });

  test('a secondary hung by a fault at P9 is not let go by continue', () => {
    const { bp, ps, feed } = rig();
    bp.arm('P9', 1);
    feed('secondary', 'S6');
    feed('primary', 'P9');
    ps.secondary.st = 'stopped';
    bp.continue();
    expect(ps.secondary.log).toEqual(['stop']);
  });

  test('S7b: pauses where the stopped secondary\'s trace says it is; short of it, says why it is not pinnable', async () => {
    const { bp, events, feed } = rig();
    let at: Phase = 'S6';
    bp.secondaryPhase = () => at;
    bp.arm('S7b', 1);
    feed('secondary', 'S7a'); // a trace line read before the stream's S6: not the breakpoint
    feed('secondary', 'S6');
    at = 'S7b';
    await new Promise((r) => setTimeout(r, TRACE_DRAIN_MS * 2 + 20));
    expect(events.filter((e) => e.type === 'paused')).toEqual([{ type: 'paused', role: 'secondary', phase: 'S7b', checkpoint: 1 }]);
    const other = rig();
    other.bp.secondaryPhase = () => 'S6';
    other.bp.arm('S7a', 1);
    other.feed('secondary', 'S6');
    await new Promise((r) => setTimeout(r, 12 * (TRACE_DRAIN_MS + 10)));
    const p = other.events.find((e) => e.type === 'paused');
    expect(p).toMatchObject({ phase: 'S7a', stoppedAt: 'S6' });
    expect(p?.type === 'paused' && p.unpinnable).toMatch(/stopped before colo_flush_ram_cache began/);
    expect(other.ps.secondary.log.filter((x) => x === 'cont').length).toBeGreaterThan(0);
  });
});
