// The space random schedules are drawn from (README.md explains why each bound is what it is).
// A schedule = 0-3 perturbations the pair must ride through while it keeps replicating, then at
// most one decisive fault that ends replication (one replica lost, a link cut, a failover).
import type { Direction, FaultKind, Link } from '../model/case.ts';
import { HOLDS_WHOLE_FROM, phaseRange, type Phase, type Role } from '../model/phases.ts';
import { QEMU_DEFAULTS } from '../../targets/qemu/defaults.ts';

/** The pair's timing (colo-ref's option names); perturbation bounds are derived from it. */
export interface PairTiming {
  heartbeatTimeoutMs: number;
  leaseMs: number;
  stallTimeoutMs: number;
}

export const DEFAULT_PAIR_TIMING: PairTiming = { heartbeatTimeoutMs: 600, leaseMs: 350, stallTimeoutMs: 600 };

/** Timing from a case's target options, falling back to the defaults above. */
export function pairTiming(options: Record<string, string | number | boolean> | undefined): PairTiming {
  const num = (k: string, d: number): number => (typeof options?.[k] === 'number' ? (options[k] as number) : d);
  return {
    heartbeatTimeoutMs: num('heartbeat-timeout', DEFAULT_PAIR_TIMING.heartbeatTimeoutMs),
    leaseMs: num('lease', DEFAULT_PAIR_TIMING.leaseMs),
    stallTimeoutMs: num('stall-timeout', DEFAULT_PAIR_TIMING.stallTimeoutMs),
  };
}

/** QEMU's timing: no heartbeat or lease of its own; the harness's manager gives up a peer whose QMP is silent for stallMs. */
export function qemuTiming(options: Record<string, string | number | boolean> | undefined): PairTiming {
  const stall = typeof options?.stallMs === 'number' ? options.stallMs : QEMU_DEFAULTS.stallMs;
  return { heartbeatTimeoutMs: stall, leaseMs: stall, stallTimeoutMs: stall };
}

/** The links a target's schedules may use. */
export interface SpaceLinks {
  /** Latency may go here (the heartbeat only a little). */
  slow: readonly Link[];
  /** Slicer, bandwidth: links whose bytes may be held up briefly. */
  hold: readonly Link[];
  /** A decisive partition cuts one of these sets (the links of a set together). */
  partition: ReadonlyArray<readonly Link[]>;
}

export interface Space {
  timing: PairTiming;
  links: SpaceLinks;
  /** manual: no heartbeat-driven failover, so a heartbeat partition is not survivable. */
  failover: 'auto' | 'manual';
  /** Highest checkpoint a first fault lands in (later faults may go further). */
  firstCheckpointMax: number;
  /** Most perturbations before the decisive fault. */
  maxPerturbations: number;
}

/** A first fault lands in checkpoint 1..this: late checkpoints carry what the page writer dirtied over several. */
export const FIRST_CHECKPOINT_MAX = 6;

export function defaultSpace(failover: 'auto' | 'manual' = 'auto', timing = DEFAULT_PAIR_TIMING, links: SpaceLinks = COLO_REF_LINKS): Space {
  return { timing, links, failover, firstCheckpointMax: FIRST_CHECKPOINT_MAX, maxPerturbations: 3 };
}

export const ROLES: readonly Role[] = ['primary', 'secondary'];
export const DIRECTIONS: ReadonlyArray<Direction | undefined> = [undefined, 'upstream', 'downstream'];
/** Links a perturbation may slow down (the heartbeat only a little: see README). */
const SLOW_LINKS: readonly Link[] = ['checkpoint', 'mirror', 'svm-out', 'client', 'heartbeat'];
/** Links a short partition may hold: well under the stall timeout, nothing fails over. */
const HOLD_LINKS: readonly Link[] = ['checkpoint', 'mirror', 'svm-out'];
export const COLO_REF_LINKS: SpaceLinks = { slow: SLOW_LINKS, hold: HOLD_LINKS, partition: [['checkpoint'], ['heartbeat'], ['checkpoint', 'heartbeat']] };
/** QEMU has no heartbeat link (the manager's heartbeat is QMP, off the fault network). */
export const QEMU_LINKS: SpaceLinks = { slow: ['checkpoint', 'mirror', 'svm-out', 'client'], hold: HOLD_LINKS, partition: [['checkpoint']] };
export const PERTURBATIONS: readonly FaultKind[] = ['latency', 'slicer', 'bandwidth', 'blackhole', 'hang', 'checkpoint-command'];
/** A failover command only follows the loss of the primary (schedule.ts): with a live primary it is an operator's split brain. */
export const DECISIVE: readonly FaultKind[] = ['crash', 'exit', 'hang', 'blackhole', 'reset', 'limit_data'];
/** Device blob of the reference pair is 40 bytes: a device offset must stay below it. */
export const DEVICE_BYTES_MAX = 39;
/** One RAM record (8-byte header + 4 KiB page): offsets within it land after the first page. */
export const RAM_BYTES_MAX = 8 + 8 + 4096;
/** The replication window: streams in flight, the whole checkpoint held but not applied, the apply. */
export const WINDOW: readonly Phase[] = [...phaseRange('P6', 'P8'), ...phaseRange('S3', 'S7b')];
/** Where the secondary holds the whole checkpoint and applies it (a failover there must RELAUNCH). */
export const APPLY: readonly Phase[] = phaseRange(HOLDS_WHOLE_FROM.secondary, 'S7b');
