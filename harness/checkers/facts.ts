// Facts derived from a timeline that several checkers share.
import type { TimelineEvent } from '../../core/model/events.ts';
import type { Role } from '../../core/model/phases.ts';
import { disturbs } from '../../faults/index.ts';

type Of<T extends TimelineEvent['type']> = Extract<TimelineEvent, { type: T }>;

export function ofType<T extends TimelineEvent['type']>(events: readonly TimelineEvent[], type: T): Of<T>[] {
  return events.filter((e): e is Of<T> => e.type === type);
}

/** The secondary's take-over, if it happened. */
export function failoverEvent(events: readonly TimelineEvent[]): Of<'failover'> | undefined {
  return ofType(events, 'failover').find((e) => e.role === 'secondary');
}

/** Checkpoint digests a role reported, by checkpoint number (the last report wins). */
export function digests(events: readonly TimelineEvent[], role: Role): Map<number, string> {
  const out = new Map<number, string>();
  for (const e of ofType(events, 'checkpoint')) if (e.role === role) out.set(e.n, e.digest);
  return out;
}

export function exited(events: readonly TimelineEvent[], role: Role): Of<'exit'> | undefined {
  return ofType(events, 'exit').find((e) => e.role === role);
}

export function describeOp(value: unknown): string {
  const req = (value as { request?: unknown })?.request ?? value;
  return JSON.stringify(req);
}

/**
 * Stalls the target reported with no disturbing fault injected before the report: the target hung
 * by itself. (Not "before the stall began": a fault lands while its phase is paused, after the
 * last progress the stall counts from.)
 */
export function unexplainedStalls(events: readonly TimelineEvent[]): Of<'stall'>[] {
  const faults = ofType(events, 'fault-inject').filter((e) => disturbs(e.fault.kind) !== 'nothing');
  return ofType(events, 'stall').filter((s) => !faults.some((f) => f.t <= s.t));
}

/** The reason a replica's state could not be read, as a clause (empty when none was recorded). */
export function notRead(error: string | undefined): string {
  return error ? ` (${error})` : '';
}
