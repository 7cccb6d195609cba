// split-brain: after the secondary took over, the old primary must not release output any more,
// neither as a `release` event nor as a client answer to a request made after the take-over.
// Exempt: a late `checkpoint` release of a checkpoint the survivor resumed from (or from a later
// one), e.g. after the primary was paused between VMSTATE_RECEIVED and the release: that output is
// part of the survivor's own history (output-commit still judges its content). A release the
// primary took back (its seqs then held for want of a lease) released nothing.
import type { TimelineEvent } from '../../core/model/events.ts';
import { HOLDS_WHOLE_FROM } from '../../core/model/phases.ts';
import type { Checker } from './types.ts';
import { result } from './types.ts';
import { failoverEvent, ofType } from './facts.ts';

export const splitBrain: Checker = {
  name: 'split-brain',
  check(input) {
    const fo = failoverEvent(input.events);
    if (!fo) return result('split-brain', []);
    const v: string[] = [];
    const late = ofType(input.events, 'release').filter((e) => e.role === 'primary' && after(e, fo) && !committed(input.events, e, fo.resumedFrom))
      .map((e) => ({ ...e, seqs: e.seqs.filter((s) => !withdrawn(input.events, e, s)) })).filter((e) => e.seqs.length > 0);
    if (late.length > 0) {
      const seqs = late.flatMap((e) => e.seqs);
      v.push(`the primary released output (seqs ${seqs.slice(0, 8).join(', ')}${seqs.length > 8 ? ', ...' : ''}) at ${late[0]!.t.toFixed(0)} ms, after the secondary took over at ${fo.t.toFixed(0)} ms: two replicas released output`);
    }
    const ops = ofType(input.events, 'op');
    const served = ops.find((o) => o.op === 'ok' && o.server === 'primary' && ops.some((i) => i.op === 'invoke' && i.process === o.process && i.t > fo.t && i.t <= o.t && i.server === 'primary'));
    if (served) v.push(`the primary answered client ${served.process} (seq ${served.seq}) at ${served.t.toFixed(0)} ms for a request made after the secondary took over at ${fo.t.toFixed(0)} ms`);
    return result('split-brain', v);
  },
};

type Release = Extract<TimelineEvent, { type: 'release' }>;

/**
 * A release after the take-over: by the replicas' own clock (one host) when both events carry it,
 * since the two come over two connections and may be read in either order; else by arrival.
 */
function after(r: Release, fo: Extract<TimelineEvent, { type: 'failover' }>): boolean {
  return r.at !== undefined && fo.at !== undefined ? r.at > fo.at : r.t > fo.t;
}

/**
 * Taken back before a byte went out: the primary held `seq` for want of a lease after naming it in
 * `r` (colo-ref judges its lease again after the event, which it sends first so that no client is
 * seen answered before its release; a primary frozen in between finds the lease gone: explore-0322
 * was a false split brain of the clean pair, 'release 20' then 'held 20 no-lease').
 */
function withdrawn(events: readonly TimelineEvent[], r: Release, seq: number): boolean {
  const i = events.indexOf(r);
  for (const e of events.slice(i + 1)) {
    if (e.type === 'release' && e.role === 'primary' && e.seqs.includes(seq)) return false;
    if (e.type === 'held' && e.role === 'primary' && e.seq === seq && e.reason === 'no-lease') return true;
  }
  return false;
}

/** A `checkpoint` release inside checkpoint k's P9..P10 with k <= the checkpoint the survivor resumed from. */
function committed(events: readonly TimelineEvent[], r: Release, resumedFrom: number): boolean {
  if (r.reason !== 'checkpoint') return false;
  const p9 = events.filter((e) => e.type === 'phase' && e.role === 'primary' && e.phase === HOLDS_WHOLE_FROM.primary && e.t <= r.t).at(-1);
  if (!p9 || p9.type !== 'phase' || p9.checkpoint > resumedFrom) return false;
  // no later phase of the primary between that P9 and the release (it is that checkpoint's release)
  return !events.some((e) => e.type === 'phase' && e.role === 'primary' && e.t > p9.t && e.t < r.t);
}
