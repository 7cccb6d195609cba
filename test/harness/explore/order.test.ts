import { describe, expect, test } from 'vitest';
import { PHASES, PRIMARY_PHASES, SECONDARY_PHASES } from '../../../core/model/phases.ts';
import { happensBefore, wellOrdered } from '../../../harness/explore/order.ts';

const at = (phase: (typeof PHASES)[number], checkpoint = 1) => ({ phase, checkpoint });

describe('happensBefore', () => {
  test("each replica's own phases are in transaction order", () => {
    for (const list of [PRIMARY_PHASES, SECONDARY_PHASES]) {
      for (let i = 1; i < list.length; i++) {
        expect(happensBefore(at(list[i - 1]!), at(list[i]!))).toBe(true);
        expect(happensBefore(at(list[i]!), at(list[i - 1]!))).toBe(false);
      }
    }
  });

  test('messages order the two replicas; a phase reported after its write is concurrent', () => {
    expect(happensBefore(at('P0'), at('S1'))).toBe(true);
    expect(happensBefore(at('P3'), at('S7b'))).toBe(true);
    expect(happensBefore(at('S5'), at('P12'))).toBe(true);
    // the request is written before P1 is reported: S1 may come first
    expect(happensBefore(at('P1'), at('S1'))).toBe(false);
    expect(happensBefore(at('S1'), at('P1'))).toBe(false);
    // RECEIVED is written before S6 is reported
    expect(happensBefore(at('S6'), at('P9'))).toBe(false);
    expect(happensBefore(at('P9'), at('S7a'))).toBe(false);
  });

  test('the next checkpoint: ordered only through its request; two apart everything is', () => {
    expect(happensBefore(at('P12', 1), at('P0', 2))).toBe(true);
    expect(happensBefore(at('P12', 1), at('S1', 2))).toBe(true);
    expect(happensBefore(at('P12', 1), at('S0', 2))).toBe(false);
    expect(happensBefore(at('S8', 1), at('P0', 2))).toBe(false);
    for (const a of PHASES) for (const b of PHASES) expect(happensBefore(at(a, 1), at(b, 3))).toBe(true);
    for (const a of PHASES) for (const b of PHASES) expect(happensBefore(at(a, 2), at(b, 1))).toBe(false);
  });

  test('wellOrdered: reachable first, then later checkpoints that surely come after, or the same position', () => {
    expect(wellOrdered([at('P3'), at('S3', 2), at('S7a', 3), at('S7a', 3), at('P1', 4)])).toBe(true);
    // within one checkpoint the next breakpoint could be armed too late
    expect(wellOrdered([at('P3'), at('S3')])).toBe(false);
    // the next checkpoint's idle phase follows at once; checkpoint 1's passes before faults are armed
    expect(wellOrdered([at('P12'), at('P0', 2)])).toBe(false);
    expect(wellOrdered([at('P0', 1)])).toBe(false);
    expect(wellOrdered([at('P0', 2)])).toBe(true);
    expect(wellOrdered([at('P3', 2), at('P1', 1)])).toBe(false);
    expect(wellOrdered([])).toBe(true);
  });
});
