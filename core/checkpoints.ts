// Per-checkpoint numbers of a case, from its events: bytes and dirty pages from the primary's
// `checkpoint` event, downtime from the primary's P12 (P3→P12, the VM stopped) or else the
// secondary's apply (S1→S8). Fills what CaseResult.checkpoints lacks (downtime recorded as 0).
import type { TimelineEvent } from './model/events.ts';
import type { CaseResult, CheckpointStat } from './model/run.ts';

/** Checkpoint 0 is the initial full sync, not a checkpoint: left out of run statistics. */
export const INITIAL_SYNC = 0;

export interface CheckpointPoint extends CheckpointStat {
  /** When the primary froze it (its `checkpoint` event), else when the secondary applied it. */
  t: number;
}

export function checkpointsFromEvents(events: readonly TimelineEvent[]): CheckpointPoint[] {
  const by = new Map<number, Partial<CheckpointPoint> & { n: number }>();
  const at = (n: number): Partial<CheckpointPoint> & { n: number } => by.get(n) ?? by.set(n, { n }).get(n)!;
  for (const e of events) {
    if (e.type === 'checkpoint' && e.role === 'primary') {
      Object.assign(at(e.n), { t: e.t, bytes: e.bytes, dirtyPages: e.dirtyPages });
    }
    if (e.type === 'checkpoint' && e.role === 'secondary') {
      const p = at(e.n);
      p.t ??= e.t;
      p.bytes ??= e.bytes;
      p.dirtyPages ??= e.dirtyPages;
      if (e.downtimeMs !== undefined && p.downtimeMs === undefined) p.downtimeMs = e.downtimeMs;
    }
    if (e.type === 'phase' && e.role === 'primary' && e.phase === 'P12' && e.downtimeMs !== undefined) {
      at(e.checkpoint).downtimeMs = e.downtimeMs;
    }
  }
  return [...by.values()].filter((p) => p.t !== undefined).sort((a, b) => a.n - b.n)
    .map((p) => ({
      n: p.n, t: p.t!, downtimeMs: p.downtimeMs ?? 0, bytes: p.bytes ?? 0, dirtyPages: p.dirtyPages ?? 0,
    }));
}

/** The case's checkpoints with a downtime filled from its events wherever the result has none. */
export function withEventNumbers(c: CaseResult, events: readonly TimelineEvent[]): CaseResult {
  const fromEvents = new Map(checkpointsFromEvents(events).map((p) => [p.n, p]));
  const base: readonly CheckpointStat[] = c.checkpoints?.length ? c.checkpoints : [...fromEvents.values()];
  const checkpoints = base.map((s) => {
    const e = fromEvents.get(s.n);
    return {
      n: s.n,
      downtimeMs: s.downtimeMs || e?.downtimeMs || 0,
      bytes: s.bytes || e?.bytes || 0,
      dirtyPages: s.dirtyPages || e?.dirtyPages || 0,
    };
  });
  return { ...c, checkpoints };
}
