// split-brain: after the secondary took over, the old primary must not release output any more,
// neither as a `release` event nor as a client answer to a request made after the take-over.
import type { Checker } from './types.ts';
import { result } from './types.ts';
import { failoverEvent, ofType } from './facts.ts';

export const splitBrain: Checker = {
  name: 'split-brain',
  check(input) {
    const fo = failoverEvent(input.events);
    if (!fo) return result('split-brain', []);
    const v: string[] = [];
    const late = ofType(input.events, 'release').filter((e) => e.role === 'primary' && e.t > fo.t);
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
