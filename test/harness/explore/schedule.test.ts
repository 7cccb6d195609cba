import { describe, expect, test } from 'vitest';
import type { FaultSpec } from '../../../core/model/case.ts';
import { Random } from '../../../core/random.ts';
import { validateFault } from '../../../faults/index.ts';
import { wellOrdered } from '../../../harness/explore/order.ts';
import { randomSchedule } from '../../../harness/explore/schedule.ts';
import { APPLY, DEVICE_BYTES_MAX, PERTURBATIONS, RAM_BYTES_MAX, WINDOW, spaceFor } from '../../../harness/explore/space.ts';
import { loadDriver } from '../../../harness/targets.ts';

const coloRef = await loadDriver('colo-ref');

const auto = spaceFor(coloRef, 'auto');
const SEEDS = Array.from({ length: 600 }, (_, i) => i * 7919 + 3);
const all = SEEDS.map((s) => randomSchedule(new Random(s), auto));

/** Perturbations keep replication going; the rest end it. */
function ending(f: FaultSpec): boolean {
  if (f.kind === 'hang') return f.durationMs! > auto.timing.heartbeatTimeoutMs;
  return !PERTURBATIONS.includes(f.kind) || f.kind === 'blackhole';
}

describe('randomSchedule', () => {
  test('a seed gives the same schedule every time', () => {
    for (const [i, s] of SEEDS.slice(0, 100).entries()) expect(randomSchedule(new Random(s), auto)).toEqual(all[i]);
    const distinct = new Set(all.map((x) => JSON.stringify(x)));
    expect(distinct.size).toBeGreaterThan(SEEDS.length * 0.95);
  });

  test('every fault is valid and every schedule can land in order', () => {
    for (const sched of all) {
      expect(sched.length).toBeGreaterThan(0);
      for (const f of sched) expect(validateFault(f)).toEqual([]);
      expect(wellOrdered(sched.map((f) => f.at))).toBe(true);
    }
  });

  test('only the last fault ends replication; a failover command only follows a lost primary', () => {
    for (const sched of all) {
      const endings = sched.map((f, i) => (ending(f) && f.kind !== 'failover-command' ? i : -1)).filter((i) => i >= 0);
      const cmd = sched.findIndex((f) => f.kind === 'failover-command');
      if (cmd >= 0) {
        expect(cmd).toBe(sched.length - 1);
        const lost = sched[cmd - 1]!;
        expect(['crash', 'exit']).toContain(lost.kind);
        expect(lost.role).toBe('primary');
        expect(APPLY).toContain(lost.at.phase);
        expect(sched[cmd]!.at).toEqual(lost.at);
        expect(endings).toEqual([cmd - 1]);
      } else if (endings.length === 2) {
        // a full partition: both links at one position, at the end
        expect(sched.slice(-2).map((f) => `${f.kind}:${f.link}`)).toEqual(['blackhole:checkpoint', 'blackhole:heartbeat']);
        expect(sched.at(-1)!.at).toEqual(sched.at(-2)!.at);
      } else {
        expect(endings.every((i) => i === sched.length - 1)).toBe(true);
      }
    }
  });

  test('perturbations stay inside the pair\'s timeouts; offsets stay inside their streams', () => {
    const t = auto.timing;
    for (const f of all.flat()) {
      if (f.kind === 'hang' && !ending(f)) expect(f.durationMs!).toBeLessThanOrEqual(t.leaseMs / 3);
      if (f.kind === 'latency') {
        const max = f.link === 'heartbeat' ? t.leaseMs / 8 : t.stallTimeoutMs / 4;
        expect(f.params!.latency! + f.params!.jitter!).toBeLessThanOrEqual(max * 1.25);
      }
      if (f.kind === 'blackhole') expect(f.durationMs).toBeUndefined();
      if (f.at.bytes !== undefined) {
        const max = f.at.phase === 'P8' || f.at.phase === 'S5' ? DEVICE_BYTES_MAX : RAM_BYTES_MAX;
        expect(f.at.bytes).toBeLessThanOrEqual(max);
      }
    }
  });

  test('the space is covered: every kind, several faults, failover during the apply, byte offsets', () => {
    const kinds = new Set(all.flat().map((f) => f.kind));
    for (const k of ['latency', 'slicer', 'bandwidth', 'hang', 'checkpoint-command', 'crash', 'exit', 'blackhole', 'reset', 'limit_data', 'failover-command']) {
      expect(kinds).toContain(k);
    }
    expect(all.filter((s) => s.length >= 3).length).toBeGreaterThan(50);
    expect(all.some((s) => s.some((f) => f.kind === 'failover-command' && (f.at.phase === 'S7a' || f.at.phase === 'S7b')))).toBe(true);
    // decisive faults favour the replication window
    const lastPhases = all.map((s) => s.find((f) => ending(f))?.at.phase).filter((p) => p !== undefined);
    expect(lastPhases.filter((p) => WINDOW.includes(p)).length / lastPhases.length).toBeGreaterThan(0.5);
    expect(all.some((s) => s.length >= 2 && s.at(-1)!.kind === 'failover-command' && s.at(-1)!.at.phase === s.at(-2)!.at.phase)).toBe(true);
    expect(all.some((s) => s.filter((f) => f.kind === 'blackhole').length === 2)).toBe(true);
    expect(all.some((s) => s.some((f) => f.at.bytes !== undefined))).toBe(true);
    expect(new Set(all.flat().map((f) => f.at.phase)).size).toBe(22);
  });

  test('manual failover: no heartbeat partition', () => {
    const manual = spaceFor(coloRef, 'manual');
    for (const s of SEEDS) {
      for (const f of randomSchedule(new Random(s), manual)) expect(f.kind === 'blackhole' && f.link === 'heartbeat').toBe(false);
    }
  });
});
