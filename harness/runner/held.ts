// Output the primary holds right now: seqs it reported `held` and has not released since. A
// fault at an idle phase (FaultSpec.at.whileHeld) waits for some, so it lands while output is held.
import type { TimelineEvent } from '../../core/model/events.ts';
import type { Timeline } from './timeline.ts';

export function heldSeqs(events: readonly TimelineEvent[]): Set<number> {
  const held = new Set<number>();
  for (const e of events) {
    if (e.type === 'held' && e.role === 'primary') held.add(e.seq);
    else if (e.type === 'release' && e.role === 'primary') for (const s of e.seqs) held.delete(s);
  }
  return held;
}

/** Wait (bounded) until the primary holds output; false when it held none within boundMs. */
export async function untilHeld(timeline: Timeline, boundMs: number, signal?: AbortSignal): Promise<boolean> {
  if (heldSeqs(timeline.events).size > 0) return true;
  // a new `held` is held until a later release (none can come before this wait sees the event)
  return timeline.waitFor((e) => e.type === 'held' && e.role === 'primary', boundMs, 'output held by the primary', { from: timeline.events.length, ...(signal ? { signal } : {}) })
    .then(() => true, (e: Error) => {
      if (signal?.aborted) throw e;
      return false;
    });
}
