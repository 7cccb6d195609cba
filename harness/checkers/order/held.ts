// Rule: the primary treats checkpoint k as held by the secondary (VMSTATE_RECEIVED taken at P9,
// output released for it, VMSTATE_LOADED at P11, resumed at P12) only after the secondary really
// received all of k: its RAM stream to EOS and the whole device blob.
import type { TimelineEvent } from '../../../core/model/events.ts';
import { secondaryHoldsCheckpoint } from '../../../core/model/phases.ts';
import { NO_RECEIVED, before, reportsReceived, type Rule } from './rule.ts';

type Received = Extract<TimelineEvent, { type: 'received' }>;

/** The primary's first event of each checkpoint that treats it as held, by checkpoint. */
function firstHeld(events: readonly TimelineEvent[]): Map<number, TimelineEvent> {
  const out = new Map<number, TimelineEvent>();
  let current: number | undefined;
  for (const e of events) {
    if (e.type === 'phase' && e.role === 'primary') {
      current = e.checkpoint;
      if (secondaryHoldsCheckpoint(e.phase) && !out.has(e.checkpoint)) out.set(e.checkpoint, e);
    } else if (e.type === 'release' && e.role === 'primary' && e.reason === 'checkpoint' && current !== undefined && !out.has(current)) {
      out.set(current, e);
    }
  }
  return out;
}

function what(e: TimelineEvent): string {
  if (e.type === 'release') return `released held output (seqs ${e.seqs.slice(0, 5).join(', ')}${e.seqs.length > 5 ? ', ...' : ''}) for it`;
  if (e.type === 'phase') return { P9: 'took its VMSTATE_RECEIVED (P9)', P10: 'released its output (P10)', P11: 'took its VMSTATE_LOADED (P11)', P12: 'resumed after it (P12)' }[e.phase as string] ?? e.phase;
  return e.type;
}

function progress(events: readonly TimelineEvent[], k: number, whole: Received | undefined, held: TimelineEvent): string {
  if (whole) return `the secondary reported RAM to EOF and all ${whole.deviceTotal} device bytes only at ${whole.t.toFixed(0)} ms`;
  const last = events.filter((e): e is Received => e.type === 'received' && e.role === 'secondary' && e.checkpoint === k).at(-1);
  if (last) return `the secondary never reported it whole (at most ${last.ramEof ? 'RAM to EOF and ' : ''}${last.deviceBytes} of ${last.deviceTotal} device bytes)`;
  const reached = (p: string) => events.some((e) => e.type === 'phase' && e.role === 'secondary' && e.checkpoint === k && e.phase === p && e.t <= held.t);
  if (reached('S5')) return 'the secondary had RAM to EOF but never reported the device blob whole';
  if (reached('S3')) return 'the secondary never reported reaching the end of the RAM stream';
  return 'the secondary never reported receiving it';
}

export const heldOnlyWhenReceived: Rule = (input) => {
  const events = input.events;
  if (!reportsReceived(events)) return { violations: [], skipped: NO_RECEIVED };
  const v: string[] = [];
  for (const [k, held] of firstHeld(events)) {
    const whole = events.find((e): e is Received => e.type === 'received' && e.role === 'secondary' && e.checkpoint === k && e.ramEof && e.deviceBytes >= e.deviceTotal);
    if (whole && !before(held, whole)) continue;
    v.push(`the primary ${what(held)} of checkpoint ${k} at ${held.t.toFixed(0)} ms, but ${progress(events, k, whole, held)}: it treated as held a checkpoint the secondary did not hold (an early VMSTATE_RECEIVED, or a primary that does not wait for it)`);
    if (v.length >= 3) break;
  }
  return { violations: v };
};
