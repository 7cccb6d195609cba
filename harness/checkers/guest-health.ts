// The guests themselves: a kernel panic/oops or a reset of either guest, or replicas whose guest state
// differs at a checkpoint (the secondary's post-load state vs the primary's), is a violation whatever
// else the case did. A target that cannot see its guests reports no `guest` events: pass.
import type { Checker } from './types.ts';
import { result } from './types.ts';
import { ofType } from './facts.ts';

const WHAT = {
  panic: 'kernel trouble (panic, oops, BUG, segfault)',
  reset: 'reset',
  diverged: 'state diverged from its peer',
} as const;

export const guestHealth: Checker = {
  name: 'guest-health',
  check(input) {
    const v = ofType(input.events, 'guest').map((e) => {
      const at = e.checkpoint === undefined ? '' : e.checkpoint === 0 ? ' right after the initial sync (checkpoint 0)' : ` at checkpoint ${e.checkpoint}`;
      return `the ${e.role}'s guest${at}: ${WHAT[e.what]}: ${e.message}`;
    });
    return result('guest-health', v);
  },
};
