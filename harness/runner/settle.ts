// After the faults: fail over by command where the target needs one (manual mode, or a target
// without auto failover), then wait (bounded) until the pair resolved: the secondary took over,
// the primary runs standalone, or replication went on with a new checkpoint. While a takeover is
// still possible (the secondary is alive, not fenced, and its failover timeout since the last
// fault has not run out), settle waits for it too: a heartbeat partition lets replication go on
// for a while and ends in a late takeover, which must be judged, not missed.
import type { Case } from '../../core/model/case.ts';
import type { Role } from '../../core/model/phases.ts';
import type { StartedPair } from '../../core/model/target.ts';
import { targetRole } from '../../faults/process.ts';
import { disturbs } from '../../faults/index.ts';
import type { FaultSpec } from '../../core/model/case.ts';
import type { Timeline } from './timeline.ts';

export interface Settled {
  survivor: Role | null;
  /** Timeline ms from which the liveness bound runs. */
  from: number;
  how: string;
}

/** Past the target's failover timeout: heartbeat checks, the takeover itself, a loaded machine. */
export const TAKEOVER_MARGIN_MS = 500;

function primaryLost(pair: StartedPair, active: readonly FaultSpec[]): boolean {
  return !pair.alive('primary') || active.some((f) => disturbs(f.kind) === 'process-stops' && targetRole(f) === 'primary');
}

const tookOver = (e: { type: string; role?: Role }): boolean => e.type === 'failover' && e.role === 'secondary';

/** Timeline ms until which the secondary may still take over by itself; null when it cannot. */
export function takeoverDeadline(pair: StartedPair, timeline: Timeline, lastFault: number, manual: boolean): number | null {
  const timeout = pair.capabilities.failoverTimeoutMs;
  if (manual || timeout === undefined || !pair.alive('secondary')) return null;
  if (timeline.find((e) => tookOver(e) || (e.type === 'fenced' && e.role === 'secondary'))) return null;
  return lastFault + timeout + TAKEOVER_MARGIN_MS;
}

export async function settle(c: Case, pair: StartedPair, timeline: Timeline, active: () => FaultSpec[], settleMs: number, signal?: AbortSignal): Promise<Settled> {
  const injections = timeline.events.filter((e) => e.type === 'fault-inject');
  const lastFault = injections.length ? injections[injections.length - 1]!.t : timeline.now();
  let from = lastFault;
  const manual = c.failover === 'manual' || !pair.capabilities.autoFailover;
  const lastCp = Math.max(0, ...c.faults.map((f) => f.at.checkpoint));
  if (manual && pair.alive('secondary') && primaryLost(pair, active())) {
    timeline.add({ type: 'note', message: 'the primary is lost: failover command to the secondary' });
    await pair.failover('secondary').catch((e: Error) => timeline.add({ type: 'note', message: `failover command failed: ${e.message}` }));
    from = timeline.now();
  }
  const waitOpts = signal ? { signal } : {};
  let resolved = await timeline.waitFor(
    (e) => tookOver(e) || (e.type === 'standalone' && e.role === 'primary') ||
      // (a secondary that was stopped briefly and replicates again resolves too: explore-0041, a
      // 103 ms hang at P3, used to wait out the whole settle bound and fail liveness)
      // (after the last fault: a fault that landed late, e.g. QEMU's P0 taken at P12, came after a
      // checkpoint numbered past its own, which says nothing of how the pair went on)
      (e.type === 'checkpoint' && e.role === 'secondary' && e.n > lastCp && e.t > lastFault),
    settleMs, 'a failover, a standalone primary or a new checkpoint', waitOpts,
  ).catch(() => null);
  const deadline = resolved && !tookOver(resolved) ? takeoverDeadline(pair, timeline, lastFault, manual) : null;
  if (deadline !== null && deadline > timeline.now()) {
    const late = await timeline.waitFor(tookOver, deadline - timeline.now(), 'a takeover by the secondary (still possible)', waitOpts).catch((e: Error) => {
      if (signal?.aborted) throw e;
      return null;
    });
    if (late) resolved = late;
  }
  if (resolved && tookOver(resolved)) return { survivor: 'secondary', from, how: 'the secondary took over' };
  const how = resolved?.type === 'standalone' ? 'the primary runs standalone' : resolved ? 'replication went on' : `nothing resolved within ${settleMs} ms`;
  if (pair.alive('primary') && !primaryLost(pair, active())) return { survivor: 'primary', from, how };
  if (pair.alive('secondary')) return { survivor: 'secondary', from, how };
  return { survivor: null, from, how: 'both replicas are gone' };
}
