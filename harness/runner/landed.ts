// Where a fault really landed: the owner's last phase (or pause) before the harness began to apply
// it. Events that arrive while it is applied are judged by the target's own clock where they carry
// one (a QMP RESUME sent just before a SIGKILL: the primary did resume), else they count as after it
// (a checkpoint-now starts the next checkpoint before QMP answers).
import type { FaultSpec } from '../../core/model/case.ts';
import type { TimelineEvent } from '../../core/model/events.ts';
import { phaseOwner, type Phase } from '../../core/model/phases.ts';

export interface Landing {
  phase: Phase;
  checkpoint: number;
}

export function landing(events: readonly TimelineEvent[], index: number): Landing | null {
  const inject = events.find((e) => e.type === 'fault-inject' && e.index === index);
  if (!inject || inject.type !== 'fault-inject') return null;
  const owner = phaseOwner(inject.fault.at.phase);
  const issued = inject.issuedAt ?? inject.t;
  let last: Landing | null = null;
  for (const e of events) {
    if (e.t > inject.t) break;
    if ((e.type !== 'phase' && e.type !== 'paused') || e.role !== owner) continue;
    const before = e.type === 'phase' && e.at !== undefined && inject.issuedEpoch !== undefined ? e.at <= inject.issuedEpoch : e.t <= issued;
    // a target that could not stop at the named phase says where its owner really stopped
    if (before) last = { phase: e.type === 'paused' && e.stoppedAt ? e.stoppedAt : e.phase, checkpoint: e.checkpoint };
  }
  return last;
}

/** Why the target could not pin the fault's phase, when it said so at the pause. */
export function unpinnable(events: readonly TimelineEvent[], index: number): string | undefined {
  const inject = events.find((e) => e.type === 'fault-inject' && e.index === index);
  if (!inject || inject.type !== 'fault-inject') return undefined;
  const { phase, checkpoint } = inject.fault.at;
  const p = events.find((e) => e.type === 'paused' && e.phase === phase && e.checkpoint === checkpoint && e.t <= inject.t);
  return p?.type === 'paused' ? p.unpinnable : undefined;
}

/**
 * Why a fault that did not land in its phase could not be pinned there: the target's words at the
 * pause, else its driver's declared precision for the phase (`pinning`); nothing for an exact phase.
 */
export function whyNotPinned(
  events: readonly TimelineEvent[], index: number, pinning: ((phase: Phase) => string) | undefined,
): string | undefined {
  const said = unpinnable(events, index);
  if (said) return said;
  const inject = events.find((e) => e.type === 'fault-inject' && e.index === index);
  if (!inject || inject.type !== 'fault-inject') return undefined;
  const declared = pinning?.(inject.fault.at.phase);
  return declared && declared !== 'exact' ? declared : undefined;
}

export function inIntendedPhase(spec: FaultSpec, landed: Landing | null): boolean {
  return landed !== null && landed.phase === spec.at.phase && landed.checkpoint === spec.at.checkpoint;
}
