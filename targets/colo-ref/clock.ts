// The replica's clock for events (`at`, epoch ms, sub-ms): the monotonic clock, set to the wall
// clock once at start. Not `performance.timeOrigin + performance.now()`: Node takes timeOrigin's
// wall time and its monotonic base at two moments, and a process descheduled in between (a loaded
// machine starting many) is off by tens of ms (measured: up to 123 ms among 12 concurrent starts),
// which made two replicas' events look out of order. The wall clock is shared by all processes.

/** Offset to add to `mono()` to get `wall()`, read at ticks of the wall clock (ms resolution). */
export function wallOffset(wall: () => number, mono: () => number, ticks = 3): number {
  let best = { width: Infinity, offset: wall() - mono() };
  for (let i = 0; i < ticks; i++) {
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
