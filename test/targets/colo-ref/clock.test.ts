import { describe, expect, test } from 'vitest';
import { now, wallOffset } from '../../../targets/colo-ref/clock.ts';

/** A fake host: a monotonic clock that advances `step` ms per read, and a ms wall clock `skew` ms ahead of it. */
function host(skew: number, step = 0.01, stall?: { at: number; ms: number }) {
  let t = 1000.123;
  const mono = () => {
    t += step;
    if (stall && t > stall.at && t < stall.at + step * 2) t += stall.ms;
    return t;
  };
  const wall = () => Math.floor(t + skew);
  return { wall, mono };
}

describe('colo-ref clock', () => {
  test('sets the monotonic clock to the wall clock at a tick, to well under a ms', () => {
    const h = host(1_796_491_403_000.4567);
    expect(Math.abs(wallOffset(h.wall, h.mono) - 1_796_491_403_000.4567)).toBeLessThan(0.05);
  });

  test('a stall between two reads (a descheduled process) does not move the offset: the narrowest tick wins', () => {
    const h = host(500.25, 0.01, { at: 1000.5, ms: 40 });
    expect(Math.abs(wallOffset(h.wall, h.mono) - 500.25)).toBeLessThan(0.05);
  });

  test('keeps reading ticks past several stalled ones (a loaded machine), and stops at the first narrow one', () => {
    let t = 0;
    let reads = 0;
    // every read takes 3 ms for the first 12 reads (each tick spans a stall), then 0.01 ms
    const mono = () => (t += ++reads <= 12 ? 3 : 0.01);
    const wall = () => Math.floor(t + 0.5);
    expect(Math.abs(wallOffset(wall, mono) - 0.5)).toBeLessThan(0.05);
  });

  test('a wall clock that never ticks gives up within its bound', () => {
    let t = 0;
    expect(wallOffset(() => 42, () => (t += 0.5))).toBe(42 - 0.5);
  });

  test('now() agrees with this process\'s wall clock (Date.now() floors to the ms)', () => {
    const gaps: number[] = [];
    for (let i = 0; i < 50; i++) {
      const a = now();
      const d = Date.now();
      const b = now();
      if (b - a < 0.2) gaps.push(d - a, b - d);
    }
    expect(gaps.length).toBeGreaterThan(0);
    // d is in (a - 1, b]: Date.now() is the wall time floored to the ms; allow the calibration's error
    for (let i = 0; i < gaps.length; i += 2) {
      expect(gaps[i]).toBeGreaterThan(-1.3);
      expect(gaps[i + 1]).toBeGreaterThan(-0.3);
    }
  });
});
