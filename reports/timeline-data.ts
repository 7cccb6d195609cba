// A case's events.jsonl squeezed into the compact shape the report's timeline drawer reads:
// phase steps per replica, fault windows, client ops as invoke→completion bars, output held
// and released, and the marks (failover, exit, ...). Only this goes into report.html.
import type { TimelineEvent } from '../core/model/events.ts';
import type { Role } from '../core/model/phases.ts';
import { checkpointsFromEvents } from '../core/checkpoints.ts';
import { faultWords, viewWords } from './words.ts';

export interface TimelineData {
  /** First and last event times. */
  start: number;
  end: number;
  /** When each replica's process exited (its phase lane stops there until it is back). */
  exits: Record<Role, number[]>;
  /** [t, phase, checkpoint] per replica, in time order. */
  phases: Record<Role, Array<[number, string, number]>>;
  /** [t, n, downtimeMs, bytes, dirtyPages] per checkpoint (0 = the initial sync) */
  checkpoints: Array<[number, number, number, number, number]>;
  faults: Array<{ label: string; checkpoint: number; inject: number; heal: number | null }>;
  /** [t, role, phase, checkpoint] where a breakpoint held a replica. */
  paused: Array<[number, string, string, number]>;
  /** [process, invokeT, endT | null, outcome, f, server] */
  ops: Array<[number, number, number | null, string, string, string]>;
  /** [t, role, seq, reason] */
  held: Array<[number, string, number, string]>;
  /** [t, role, count, reason] */
  released: Array<[number, string, number, string]>;
  marks: Array<{ t: number; kind: string; role: string | null; text: string }>;
  notes: Array<[number, string]>;
  /** Ops left out past the cap (very long cases). */
  droppedOps: number;
}

export const MAX_OPS = 4000;

export function timelineData(events: readonly TimelineEvent[]): TimelineData {
  const d: TimelineData = { start: Infinity, end: 0, exits: { primary: [], secondary: [] }, phases: { primary: [], secondary: [] }, checkpoints: [], faults: [], paused: [], ops: [], held: [], released: [], marks: [], notes: [], droppedOps: 0 };
  const open = new Map<number, TimelineData['ops'][number]>();
  const faultAt = new Map<number, TimelineData['faults'][number]>();
  for (const e of [...events].sort((a, b) => a.t - b.t)) {
    const t = round(e.t);
    d.end = Math.max(d.end, t);
    d.start = Math.min(d.start, t);
    switch (e.type) {
      case 'phase': d.phases[e.role]?.push([t, e.phase, e.checkpoint]); break;
      case 'paused': d.paused.push([t, e.role, e.phase, e.checkpoint]); break;
      case 'fault-inject': {
        const f = { label: faultWords(e.fault), checkpoint: e.fault.at.checkpoint, inject: t, heal: null };
        faultAt.set(e.index, f);
        d.faults.push(f);
        break;
      }
      case 'fault-heal': { const f = faultAt.get(e.index); if (f) f.heal = t; break; }
      case 'op': addOp(d, open, e, t); break;
      case 'held': d.held.push([t, e.role, e.seq, e.reason]); break;
      case 'release': d.released.push([t, e.role, e.seqs.length, e.reason]); break;
      case 'failover': d.marks.push({ t, kind: 'failover', role: e.role, text: `${e.role} took over, resumed from checkpoint ${e.resumedFrom}` }); break;
      case 'standalone': d.marks.push({ t, kind: 'standalone', role: e.role, text: `${e.role} runs alone: ${e.reason}` }); break;
      case 'fenced': d.marks.push({ t, kind: 'fenced', role: e.role, text: `${e.role} fenced: ${e.reason}` }); break;
      case 'exit': d.exits[e.role]?.push(t); d.marks.push({ t, kind: 'exit', role: e.role, text: `${e.role} exited (${e.signal ?? `code ${e.code}`})` }); break;
      case 'error': d.marks.push({ t, kind: 'error', role: e.role, text: `${e.role} error: ${e.message}` }); break;
      case 'stall': d.marks.push({ t, kind: 'error', role: e.role, text: `${e.role} stalled: ${e.message}` }); break;
      case 'guest': d.marks.push({ t, kind: 'error', role: e.role, text: `${e.role}'s guest: ${e.message}` }); break;
      case 'note': d.notes.push([t, e.message]); break;
      case 'view': d.marks.push({ t, kind: 'view', role: e.role, text: `${e.role} ${e.when}: ${viewWords(e.view)}` }); break;
      default: break;
    }
  }
  if (d.start === Infinity) d.start = 0;
  d.checkpoints = checkpointsFromEvents(events).map((p) => [round(p.t), p.n, p.downtimeMs, p.bytes, p.dirtyPages]);
  return d;
}

type OpEvent = Extract<TimelineEvent, { type: 'op' }>;

/** Jepsen-style pairing: a process's completion closes its open invoke. */
function addOp(d: TimelineData, open: Map<number, TimelineData['ops'][number]>, e: OpEvent, t: number): void {
  if (e.op === 'invoke') {
    if (d.ops.length >= MAX_OPS) { d.droppedOps++; return; }
    const bar: TimelineData['ops'][number] = [e.process, t, null, 'open', e.f, e.server];
    open.set(e.process, bar);
    d.ops.push(bar);
    return;
  }
  const bar = open.get(e.process);
  if (!bar) return;
  bar[2] = t;
  bar[3] = e.op;
  open.delete(e.process);
}

const round = (t: number): number => Math.round(t * 10) / 10;
