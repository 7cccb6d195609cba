// Rule: a primary goes on alone only when its secondary is dead (exited, crashed) or fenced
// (it reported standing down) first; else two replicas may serve clients. A `failover` command
// the harness gave the primary is the operator's decision and exempt.
import type { TimelineEvent } from '../../../core/model/events.ts';
import { ofType } from '../facts.ts';
import { disturbs } from '../../../faults/index.ts';
import { before, type Rule } from './rule.ts';

function commanded(events: readonly TimelineEvent[], s: TimelineEvent): boolean {
  return ofType(events, 'fault-inject').some((f) => disturbs(f.fault.kind) === 'failover' && f.fault.role === 'primary' && f.t <= s.t);
}

function secondaryGone(events: readonly TimelineEvent[], s: TimelineEvent): boolean {
  const exited = ofType(events, 'exit').some((e) => e.role === 'secondary' && e.t <= s.t);
  const killed = ofType(events, 'fault-inject').some((f) => disturbs(f.fault.kind) === 'process-ends' && f.fault.role === 'secondary' && f.t <= s.t);
  const fenced = ofType(events, 'fenced').some((f) => f.role === 'secondary' && !before(s, f));
  return exited || killed || fenced;
}

export const standaloneOnlyWhenFenced: Rule = (input) => {
  const s = ofType(input.events, 'standalone').find((e) => e.role === 'primary');
  if (!s || commanded(input.events, s) || secondaryGone(input.events, s)) return { violations: [] };
  const took = ofType(input.events, 'failover').some((f) => f.role === 'secondary' && before(f, s));
  return {
    violations: [
      `the primary went standalone (${s.reason}) at ${s.t.toFixed(0)} ms while the secondary was alive and not fenced (it had neither exited nor reported standing down${took ? '; it had even taken over' : ''}): a primary must see its secondary dead or demoted before it goes on alone, or two replicas serve clients`,
    ],
  };
};
