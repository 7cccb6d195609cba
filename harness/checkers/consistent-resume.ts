// consistent-resume: the survivor resumed from a whole checkpoint the primary really produced.
// Expected checkpoint: the newest one the secondary had whole (its S6 event) before it took over;
// its failover digest must equal the primary's digest for that checkpoint, and the survivor's
// invariants hold. (Every checkpoint the secondary applied is compared by replica-state.)
import { secondaryHoldsCheckpoint } from '../../core/model/phases.ts';
import type { Checker } from './types.ts';
import { result } from './types.ts';
import { digests, failoverEvent, notRead, ofType } from './facts.ts';

export const consistentResume: Checker = {
  name: 'consistent-resume',
  check(input) {
    const v: string[] = [];
    const sent = digests(input.events, 'primary');
    const fo = failoverEvent(input.events);
    let unknown: string | undefined;
    if (fo) {
      // the secondary holds checkpoint n whole once it reached S6 (or any later phase) of n
      const whole = input.events.filter((e) => e.type === 'phase' && e.role === 'secondary' && e.t <= fo.t && secondaryHoldsCheckpoint(e.phase)).map((e) => (e as { checkpoint: number }).checkpoint);
      const applied = ofType(input.events, 'checkpoint').filter((e) => e.role === 'secondary' && e.t <= fo.t).map((e) => e.n);
      const expected = Math.max(0, ...whole, ...applied);
      if (fo.resumedFrom !== expected) {
        v.push(`the secondary resumed from checkpoint ${fo.resumedFrom}, but it held checkpoint ${expected} whole (reached S6) before it took over`);
      }
      const want = sent.get(fo.resumedFrom);
      // a primary killed between sending a checkpoint and reporting it leaves no digest to compare
      if (want === undefined) unknown = `the primary never reported its digest of checkpoint ${fo.resumedFrom} (it died first), so the resumed state cannot be compared`;
      else if (want !== fo.digest) v.push(`the secondary resumed from checkpoint ${fo.resumedFrom} with state ${short(fo.digest)}, but the primary's checkpoint ${fo.resumedFrom} is ${short(want)} (torn or mixed state)`);
    }
    if (input.survivor === null) return result('consistent-resume', v, v.length ? undefined : 'no replica survived, so there is no resumed state to check');
    const state = input.states[input.survivor];
    if (!state) return result('consistent-resume', v, `the survivor (${input.survivor}) did not report its state${notRead(input.stateErrors?.[input.survivor])}`);
    for (const msg of state.invariants.violations) v.push(`the survivor's (${input.survivor}) invariant is broken: ${msg}`);
    if (!state.invariants.ok && state.invariants.violations.length === 0) v.push(`the survivor's (${input.survivor}) invariants do not hold`);
    return result('consistent-resume', v, unknown);
  },
};

function short(digest: string): string {
  return digest.slice(0, 12);
}
