// Rule: once the secondary took over, it applies no more checkpoint traffic from its old peer:
// no flush or device load (S7a..S8) and no applied `checkpoint` after its `failover` event. A
// failover asked for during an apply finishes that apply first (RELAUNCH), before the event.
// (The secondary's events arrive over one connection, in the order it sent them.)
import type { TimelineEvent } from '../../../core/model/events.ts';
import { secondaryApplies } from '../../../core/model/phases.ts';
import { failoverEvent } from '../facts.ts';
import { NO_RECEIVED, reportsReceived, type Rule } from './rule.ts';

function applies(e: TimelineEvent): string | undefined {
  if (!('role' in e) || e.role !== 'secondary') return undefined;
  if (e.type === 'checkpoint') return `applied checkpoint ${e.n}`;
  if (e.type === 'phase' && secondaryApplies(e.phase)) return `reached ${e.phase} of checkpoint ${e.checkpoint}`;
  return undefined;
}

export const nothingAppliedAfterFailover: Rule = (input) => {
  const fo = failoverEvent(input.events);
  if (!fo) return { violations: [] };
  if (!reportsReceived(input.events)) return { violations: [], skipped: NO_RECEIVED };
  const from = input.events.indexOf(fo);
  for (const e of input.events.slice(from + 1)) {
    const did = applies(e);
    if (did) {
      return { violations: [`the secondary ${did} at ${e.t.toFixed(0)} ms, after it took over at ${fo.t.toFixed(0)} ms (resumed from checkpoint ${fo.resumedFrom}): a survivor went on applying its old peer's checkpoint traffic`] };
    }
  }
  return { violations: [] };
};
