// Random schedules: Random -> FaultSpec[], drawn from the space of space.ts / README.md.
// The same seed gives the same schedule: every draw goes through the one Random, in a fixed order.
import type { FaultKind, FaultSpec, Link } from '../../core/model/case.ts';
import { PHASES } from '../../core/model/phases.ts';
import type { Random } from '../../core/random.ts';
import { landsAfter, reachable, samePosition, type Position } from './order.ts';
import {
  APPLY, DECISIVE, DEVICE_BYTES_MAX, DIRECTIONS, PERTURBATIONS, RAM_BYTES_MAX, ROLES, WINDOW, type Space,
} from './space.ts';

/** Every position a next fault surely lands at after `prev`, within two checkpoints, in a fixed order. */
export function positionsAfter(prev: Position): Position[] {
  const out: Position[] = [];
  for (let cp = prev.checkpoint + 1; cp <= prev.checkpoint + 2; cp++) {
    for (const phase of PHASES) if (landsAfter(prev, { phase, checkpoint: cp })) out.push({ phase, checkpoint: cp });
  }
  return out;
}

function at(r: Random, p: Position): FaultSpec['at'] {
  // stream phases: half the time an explicit byte offset (small enough to be reached), else the target's default
  if ((p.phase === 'P6' || p.phase === 'S3') && r.bool()) return { ...p, bytes: r.int(8, RAM_BYTES_MAX) };
  if ((p.phase === 'P8' || p.phase === 'S5') && r.bool()) return { ...p, bytes: r.int(1, DEVICE_BYTES_MAX) };
  return { ...p };
}

function direction(r: Random): Pick<FaultSpec, 'direction'> {
  const d = r.pick(DIRECTIONS);
  return d ? { direction: d } : {};
}

/** A fault the pair must ride through while it keeps replicating. */
function perturbation(r: Random, s: Space, p: Position): FaultSpec {
  const kind = r.pick(PERTURBATIONS);
  const t = s.timing;
  const base = { at: at(r, p), durationMs: r.int(100, 800) };
  switch (kind) {
    case 'latency': {
      const link: Link = r.pick(s.links.slow);
      // heartbeat delays eat into the lease; a round trip elsewhere must stay under the stall timeout
      const max = link === 'heartbeat' ? Math.floor(t.leaseMs / 8) : Math.floor(t.stallTimeoutMs / 4);
      const latency = r.int(5, max);
      return { kind, link, ...direction(r), ...base, params: { latency, jitter: r.int(0, Math.floor(latency / 4)) } };
    }
    case 'slicer': {
      // slices of >= 256 bytes at <= 100 us apart keep a checkpoint's RAM stream well inside the stall timeout
      const size = r.int(256, 2048);
      return { kind, link: r.pick(s.links.hold), ...direction(r), ...base, params: { average_size: size, size_variation: r.int(0, Math.floor(size / 2)), delay: r.int(0, 100) } };
    }
    case 'bandwidth':
      return { kind, link: r.pick(s.links.hold), ...direction(r), at: base.at, durationMs: r.int(100, 400), params: { rate: r.int(1024, 8192) } };
    case 'hang':
      // short enough that neither the lease, the heartbeat timeout nor the stall watchdog runs out
      return { kind, role: r.pick(ROLES), at: base.at, durationMs: r.int(20, Math.floor(t.leaseMs / 3)) };
    default:
      return { kind: 'checkpoint-command', at: base.at };
  }
}

/**
 * The fault that ends replication; manual failover pairs get no heartbeat partition. A partition
 * of both the checkpoint and the heartbeat link is two faults at one position (they land together).
 */
function decisive(r: Random, s: Space, p: Position): FaultSpec[] {
  const kinds = DECISIVE.filter((k) => s.failover === 'auto' || k !== 'blackhole');
  const kind: FaultKind = r.pick(kinds);
  const where = at(r, p);
  switch (kind) {
    case 'crash': case 'exit':
      return [{ kind, role: r.pick(ROLES), at: where }];
    case 'hang':
      return [{ kind, role: r.pick(ROLES), at: where, durationMs: s.timing.heartbeatTimeoutMs + r.int(200, 800) }];
    case 'blackhole': {
      const links = r.pick(s.links.partition);
      return links.map((link) => ({ kind, link, at: where }));
    }
    case 'reset':
      return [{ kind, link: 'checkpoint', ...direction(r), at: where }];
    default:
      return [{ kind: 'limit_data', link: 'checkpoint', direction: 'upstream', at: where, params: { bytes: r.int(0, 16384) } }];
  }
}

/**
 * After the primary is lost once the secondary holds the whole checkpoint (S6 and later), the
 * secondary still applies it: a failover command lands together with the loss, inside the apply
 * (S6, S7a, S7b: colo-ref's RELAUNCH window). Later breakpoints race the takeover, so none are drawn.
 */
function failoverDuringApply(lost: FaultSpec): FaultSpec | null {
  const cmd: FaultSpec = { kind: 'failover-command', role: 'secondary', at: { phase: lost.at.phase, checkpoint: lost.at.checkpoint } };
  return failoverFollows(lost, cmd) ? cmd : null;
}

/** Dead, not hung: a hung primary still holds its lease and releases when it wakes (an operator's split brain). */
export function primaryDead(f: FaultSpec): boolean {
  return (f.kind === 'crash' || f.kind === 'exit') && f.role === 'primary';
}

/** The one place a failover command may stand in the space: with the primary's death, at its position, inside the apply. */
export function failoverFollows(lost: FaultSpec, cmd: FaultSpec): boolean {
  return primaryDead(lost) && APPLY.includes(lost.at.phase) && samePosition(lost.at, cmd.at);
}

/** One schedule: ordered positions, perturbations, then (usually) one decisive fault. */
export function randomSchedule(r: Random, s: Space): FaultSpec[] {
  const faults: FaultSpec[] = [];
  let pos: Position = { phase: r.pick(PHASES), checkpoint: r.int(1, s.firstCheckpointMax) };
  if (!reachable(pos)) pos = { ...pos, checkpoint: 2 };
  const perturbations = r.int(0, s.maxPerturbations);
  for (let i = 0; i < perturbations; i++) {
    faults.push(perturbation(r, s, pos));
    pos = r.pick(positionsAfter(pos));
  }
  // a schedule of perturbations alone must leave a pair that still replicates
  if (faults.length > 0 && r.bool(0.2)) return faults;
  if (faults.length > 0 && r.bool(0.5)) {
    // half the decisive faults hit the replication window, where a lost peer tests the protocol most
    const inWindow = positionsAfter(faults.at(-1)!.at).filter((q) => WINDOW.includes(q.phase));
    pos = r.pick(inWindow);
  } else if (faults.length === 0 && r.bool(0.5)) {
    pos = { ...pos, phase: r.pick(WINDOW) };
  }
  const ends = decisive(r, s, pos);
  faults.push(...ends);
  if (r.bool(0.7)) {
    const cmd = failoverDuringApply(ends[0]!);
    if (cmd) faults.push(cmd);
  }
  return faults;
}
