// The replica's clock for events (`at`, epoch ms, sub-ms): the monotonic clock, set to the wall
// clock once at start. Not `performance.timeOrigin + performance.now()`: Node takes timeOrigin's
// wall time and its monotonic base at two moments, and a process descheduled in between (a loaded
// machine starting many) is off by tens of ms (measured: up to 123 ms among 12 concurrent starts),
// which made two replicas' events look out of order. The wall clock is shared by all processes.

/** A tick read this closely is trusted; a wider one may hide a preemption (its error is up to half the width). */
const NARROW_MS = 0.05;

/**
 * Offset to add to `mono()` to get `wall()`, read at ticks of the wall clock (ms resolution): the
 * narrowest of up to `ticks` ticks, stopping at the first narrow one (under load most are narrow,
 * a few span a preemption of several ms).
 */
export function wallOffset(wall: () => number, mono: () => number, ticks = 20): number {
  let best = { width: Infinity, offset: wall() - mono() };
  for (let i = 0; i < ticks && best.width > NARROW_MS; i++) {
    const start = wall();
    const limit = mono() + 5;
    let prev = mono();
    let cur = prev;
    let w = start;
    // the wall clock ticked to `w` after the read that followed `prev` and before the one after `after`
    while (w === start && cur < limit) {
      prev = cur;
      cur = mono();
      w = wall();
    }
    const after = mono();
    if (w !== start && after - prev < best.width) best = { width: after - prev, offset: w - (prev + after) / 2 };
  }
  return best.offset;
}

const OFFSET = wallOffset(Date.now, () => performance.now());

/** Epoch ms with sub-ms resolution, comparable across processes on this host. */
export function now(): number {
  return OFFSET + performance.now();
}
