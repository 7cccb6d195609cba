// One protocol-order rule: its violations, or why it could not judge this trace (a target that
// does not report the events it needs is skipped, never failed).
import type { TimelineEvent } from '../../../core/model/events.ts';
import type { CheckInput } from '../types.ts';

export interface RuleResult {
  violations: string[];
  skipped?: string;
}

export type Rule = (input: CheckInput) => RuleResult;

/**
 * Slack for comparing two replicas' own clocks (`at`, epoch ms from two processes on one host):
 * an order closer than this is not trusted, so it never makes a violation.
 */
export const CLOCK_SLACK_MS = 2;

/** Time of an event for ordering the two replicas: their own clock when both carry it, else arrival. */
export function when(e: TimelineEvent, other: TimelineEvent): number {
  const at = (x: TimelineEvent) => ('at' in x ? x.at : undefined);
  return at(e) !== undefined && at(other) !== undefined ? at(e)! : e.t;
}

/** `a` certainly happened before `b` (a violation may rest on this; the benefit of doubt goes to the target). */
export function before(a: TimelineEvent, b: TimelineEvent): boolean {
  const slack = 'at' in a && a.at !== undefined && 'at' in b && b.at !== undefined ? CLOCK_SLACK_MS : 0;
  return when(a, b) + slack <= when(b, a);
}

/** The target reports what its secondary received (TARGET-PROTOCOL §2 `received`). */
export function reportsReceived(events: readonly TimelineEvent[]): boolean {
  return events.some((e) => e.type === 'received' && e.role === 'secondary');
}

export const NO_RECEIVED = 'the target does not report what its secondary received (no `received` events)';
