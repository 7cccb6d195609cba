// Smaller versions of a schedule, in a fixed order: fewer faults first (halves, then single
// faults), then earlier checkpoints, then smaller byte offsets, then shorter durations and lower
// parameters. Every candidate is strictly smaller in one measure and no larger in any other, so
// greedily taking candidates always ends.
import type { FaultSpec } from '../../core/model/case.ts';
import { wellOrdered } from './order.ts';
import { failoverFollows } from './schedule.ts';

export interface Candidate {
  /** What was made smaller, in words. */
  change: string;
  faults: FaultSpec[];
}

/** Numbers a schedule can shrink, each with its floor. */
const NUMBERS: ReadonlyArray<{ name: string; floor: number; get(f: FaultSpec): number | undefined; set(f: FaultSpec, v: number): FaultSpec }> = [
  { name: 'byte offset', floor: 0, get: (f) => f.at.bytes, set: (f, v) => ({ ...f, at: { ...f.at, bytes: v } }) },
  { name: 'bytes', floor: 0, get: (f) => f.params?.bytes, set: (f, v) => ({ ...f, params: { ...f.params, bytes: v } }) },
  { name: 'duration', floor: 10, get: (f) => f.durationMs, set: (f, v) => ({ ...f, durationMs: v }) },
  { name: 'latency', floor: 0, get: (f) => f.params?.latency, set: (f, v) => ({ ...f, params: { ...f.params, latency: v } }) },
  { name: 'jitter', floor: 0, get: (f) => f.params?.jitter, set: (f, v) => ({ ...f, params: { ...f.params, jitter: v } }) },
];

function withoutChunks(faults: readonly FaultSpec[]): Candidate[] {
  const out: Candidate[] = [];
  for (let size = Math.floor(faults.length / 2); size >= 1; size = size === 1 ? 0 : Math.max(1, Math.floor(size / 2))) {
    for (let from = 0; from + size <= faults.length; from += size) {
      const rest = [...faults.slice(0, from), ...faults.slice(from + size)];
      const which = size === 1 ? `fault ${from}` : `faults ${from}-${from + size - 1}`;
      if (rest.length > 0) out.push({ change: `without ${which}`, faults: rest });
    }
  }
  return out;
}

function earlier(faults: readonly FaultSpec[]): Candidate[] {
  const out: Candidate[] = [];
  const first = Math.min(...faults.map((f) => f.at.checkpoint));
  const shift = (d: number): FaultSpec[] => faults.map((f) => ({ ...f, at: { ...f.at, checkpoint: f.at.checkpoint - d } }));
  // checkpoint 0 is the initial sync: transactions (and their phases) start at 1
  if (first > 1) out.push({ change: `all faults ${first - 1} checkpoint(s) earlier`, faults: shift(first - 1) });
  if (first > 2) out.push({ change: 'all faults 1 checkpoint earlier', faults: shift(1) });
  faults.forEach((f, i) => {
    if (f.at.checkpoint <= 1) return;
    const one = faults.map((g, j) => (j === i ? { ...g, at: { ...g.at, checkpoint: g.at.checkpoint - 1 } } : g));
    out.push({ change: `fault ${i} 1 checkpoint earlier`, faults: one });
  });
  return out;
}

function smallerNumbers(faults: readonly FaultSpec[]): Candidate[] {
  const out: Candidate[] = [];
  for (const n of NUMBERS) {
    faults.forEach((f, i) => {
      const v = n.get(f);
      if (v === undefined || v <= n.floor) return;
      const tries = [...new Set([n.floor, n.floor + Math.floor((v - n.floor) / 2)])].filter((x) => x < v);
      for (const x of tries) out.push({ change: `fault ${i} ${n.name} ${v} -> ${x}`, faults: faults.map((g, j) => (j === i ? n.set(g, x) : g)) });
    });
  }
  return out;
}

/**
 * Still a schedule of the space (schedule.ts): faults can land in order, and a failover command
 * stands only where the space puts one — with the primary's death, at its position, in the apply.
 */
export function admissible(faults: readonly FaultSpec[]): boolean {
  return wellOrdered(faults.map((f) => f.at)) &&
    faults.every((f, i) => f.kind !== 'failover-command' || faults.slice(0, i).some((lost) => failoverFollows(lost, f)));
}

export function candidates(faults: readonly FaultSpec[]): Candidate[] {
  return [...withoutChunks(faults), ...earlier(faults), ...smallerNumbers(faults)].filter((c) => admissible(c.faults));
}
