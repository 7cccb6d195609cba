// Checkpoint statistics over a run: downtime percentiles (HdrHistogram, microsecond resolution),
// bytes and dirty pages, and a bucketed downtime histogram for the report.
import { build } from 'hdr-histogram-js';
import type { CaseResult, CheckpointStat } from '../core/model/run.ts';
import { INITIAL_SYNC } from '../core/checkpoints.ts';

export interface CheckpointSummary {
  count: number;
  /** Checkpoints with a measured downtime (the others never completed). */
  measured: number;
  downtime: { p50: number; p90: number; p99: number; max: number; mean: number };
  bytes: { total: number; mean: number; max: number };
  dirtyPages: { mean: number; max: number };
  /** Downtime histogram: equal-width buckets [from, to) in ms with their counts. */
  buckets: Array<{ from: number; to: number; count: number }>;
}

export function checkpointSummary(cases: readonly CaseResult[], bucketCount = 24): CheckpointSummary {
  // a case cut short by Ctrl-C measured a pair being torn down: not a sample of the target
  const all: CheckpointStat[] = cases.filter((c) => c.verdict !== 'interrupted').flatMap((c) => realCheckpoints(c));
  // a checkpoint that never completed has no downtime (recorded as 0): left out of the downtime numbers
  const downtimes = all.map((s) => s.downtimeMs).filter((d) => d > 0);
  const h = build({ numberOfSignificantValueDigits: 3 });
  for (const d of downtimes) h.recordValue(Math.max(1, Math.round(d * 1000)));
  const at = (p: number): number => (downtimes.length ? h.getValueAtPercentile(p) / 1000 : 0);
  const bytes = all.map((s) => s.bytes);
  const pages = all.map((s) => s.dirtyPages);
  const summary: CheckpointSummary = {
    count: all.length,
    measured: downtimes.length,
    downtime: { p50: at(50), p90: at(90), p99: at(99), max: max(downtimes), mean: mean(downtimes) },
    bytes: { total: sum(bytes), mean: mean(bytes), max: max(bytes) },
    dirtyPages: { mean: mean(pages), max: max(pages) },
    buckets: buckets(downtimes, bucketCount),
  };
  h.destroy();
  return summary;
}

/** Per-case numbers for the case table: checkpoints taken, median downtime. */
export function caseCheckpointWords(c: CaseResult): { count: number; medianDowntimeMs: number | null } {
  const real = realCheckpoints(c);
  const count = real.length;
  const d = real.map((s) => s.downtimeMs).filter((x) => x > 0).sort((a, b) => a - b);
  return { count, medianDowntimeMs: d.length ? d[Math.floor((d.length - 1) / 2)]! : null };
}

function realCheckpoints(c: CaseResult): CheckpointStat[] {
  return (c.checkpoints ?? []).filter((s) => s.n !== INITIAL_SYNC);
}

function buckets(values: number[], n: number): CheckpointSummary['buckets'] {
  if (!values.length) return [];
  const top = max(values);
  const width = niceWidth(top / n);
  const count = Math.max(1, Math.ceil((top + Number.EPSILON) / width));
  const out = Array.from({ length: count }, (_, i) => ({ from: i * width, to: (i + 1) * width, count: 0 }));
  for (const v of values) out[Math.min(count - 1, Math.floor(v / width))]!.count++;
  return out;
}

/** Round a bucket width up to 1, 2 or 5 times a power of ten so the axis reads well. */
function niceWidth(raw: number): number {
  if (raw <= 0) return 1;
  const pow = 10 ** Math.floor(Math.log10(raw));
  return ([1, 2, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
}

const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
const mean = (xs: number[]): number => (xs.length ? sum(xs) / xs.length : 0);
const max = (xs: number[]): number => xs.reduce((a, b) => Math.max(a, b), 0);
