// The space random schedules are drawn from (README.md explains why each bound is what it is).
// A schedule = 0-3 perturbations the pair must ride through while it keeps replicating, then at
// most one decisive fault that ends replication (one replica lost, a link cut, a failover).
import type { Direction, FaultKind } from '../../core/model/case.ts';
import { HOLDS_WHOLE_FROM, phaseRange, type Phase, type Role } from '../../core/model/phases.ts';
import type { PairTiming, SpaceLinks, TargetDriver } from '../../core/model/target.ts';

export type { PairTiming, SpaceLinks };

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

export function defaultSpace(failover: 'auto' | 'manual', timing: PairTiming, links: SpaceLinks): Space {
  return { timing, links, failover, firstCheckpointMax: FIRST_CHECKPOINT_MAX, maxPerturbations: 3 };
}

/** A target's space, its timing from the case options (default: the ones its cases get) over the driver's own defaults. */
export function spaceFor(driver: TargetDriver, failover: 'auto' | 'manual', options = driver.caseDefaults?.options ?? {}): Space {
  if (!driver.space) throw new Error(`target ${driver.name} declares no schedule space (its driver's space field): it has no random schedules`);
  const { timing, links } = driver.space(options);
  return defaultSpace(failover, timing, links);
}

export const ROLES: readonly Role[] = ['primary', 'secondary'];
export const DIRECTIONS: ReadonlyArray<Direction | undefined> = [undefined, 'upstream', 'downstream'];
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
