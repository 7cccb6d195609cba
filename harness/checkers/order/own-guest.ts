// Rule: a survivor that serves clients is changed only by its own guest: from the last seq it
// reported when it went on alone (failover / standalone `lastSeq`), every request its guest runs
// is one it answers (`release` reason `served`, seqs consecutive), and its final state is at a
// seq it served (no earlier than the last one served before the harness asked for the state). A gap or a jump back means something else (late checkpoint traffic, mirrored
// requests from the old peer) changed its guest.
import type { TimelineEvent } from '../../../core/model/events.ts';
import type { Role } from '../../../core/model/phases.ts';
import type { Rule } from './rule.ts';

function aloneEvent(events: readonly TimelineEvent[], role: Role): Extract<TimelineEvent, { type: 'failover' | 'standalone' }> | undefined {
  const type = role === 'secondary' ? 'failover' : 'standalone';
  return events.find((e): e is Extract<TimelineEvent, { type: 'failover' | 'standalone' }> => e.type === type && e.role === role);
}

export const changedOnlyByOwnGuest: Rule = (input) => {
  const role = input.survivor;
  if (!role) return { violations: [] };
  const alone = aloneEvent(input.events, role);
  if (!alone) return { violations: [] };
  if (alone.lastSeq === undefined) return { violations: [], skipped: `the target does not report its guest's last seq when the ${role} went on alone` };
  const what = role === 'secondary' ? 'took over' : 'went standalone';
  const after = input.events.slice(input.events.indexOf(alone) + 1);
  const served = after.flatMap((e) => (e.type === 'release' && e.role === role && e.reason === 'served' ? e.seqs : []));
  let top = alone.lastSeq;
  for (const seq of served) {
    if (seq !== top + 1) {
      return { violations: [`the survivor (${role}) ${what} at seq ${alone.lastSeq} and then served seq ${seq} where its own guest's next request was seq ${top + 1}: something other than its own guest (late checkpoint traffic or mirrored requests from the old peer) changed it`] };
    }
    top = seq;
  }
  const state = input.states[role];
  if (!state) return { violations: [] };
  // requests still in flight when the state was asked for may run after it: the state is at least
  // at what was served before the ask, and at most at what was served at all
  const asked = input.stateAskedAt?.[role] ?? Infinity;
  const floor = Math.max(alone.lastSeq, ...after.flatMap((e) => (e.type === 'release' && e.role === role && e.reason === 'served' && e.t < asked ? e.seqs : [])));
  if (state.lastSeq > top) {
    return { violations: [`the survivor's (${role}) guest is at seq ${state.lastSeq} at the end, but it ${what} at seq ${alone.lastSeq} and served only up to seq ${top}: something other than its own guest's requests (late checkpoint traffic or mirrored requests from the old peer) changed it`] };
  }
  if (state.lastSeq < floor) {
    return { violations: [`the survivor's (${role}) guest is at seq ${state.lastSeq} at the end, but it ${what} at seq ${alone.lastSeq} and had served up to seq ${floor} before its state was read: its guest went back (late checkpoint traffic from the old peer reloaded it)`] };
  }
  return { violations: [] };
};
