// A case and the faults in it: plain serialisable data (JSON round-trips unchanged).
import { phaseOwner, type Phase, type Role } from './phases.ts';

/** The links between replicas; each is one TCP connection behind one proxy. */
/** `ram`: the extra RAM channels of colo-ref's ram-channels=N design (one proxy per channel). */
export const LINKS = ['client', 'mirror', 'svm-out', 'checkpoint', 'heartbeat', 'ram'] as const;
export type Link = (typeof LINKS)[number];
/** Toxiproxy's stream names: upstream = client→server bytes, downstream = server→client. */
export type Direction = 'upstream' | 'downstream';

/** Fault kinds; one file each in faults/. */
export const FAULT_KINDS = [
  'crash', 'hang', 'exit',
  'blackhole', 'reset', 'latency', 'bandwidth', 'slicer', 'limit_data', 'slow_close',
  'failover-command', 'checkpoint-command',
  // management-plane commands to a live pair (QEMU: QMP), without the manager's procedure around them
  'lost-heartbeat', 'cont', 'stop', 'migrate-cancel', 'yank',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * One fault of a schedule. `at` says where it lands (a breakpoint on the phase's owner);
 * `role` is the replica a process fault hits; `link`/`direction` say where a network
 * fault sits. Durations in milliseconds.
 */
export interface FaultSpec {
  kind: FaultKind;
  role?: Role;
  link?: Link;
  direction?: Direction;
  /** A link with several proxies (ram): the one channel the fault sits on (0-based); absent = all. */
  channel?: number;
  /** whileHeld: at the breakpoint, inject only once the primary holds output it has not released (bounded wait). */
  at: { phase: Phase; checkpoint: number; bytes?: number; whileHeld?: boolean };
  /** How long the fault lasts before it is healed (hang: SIGSTOP→SIGCONT). */
  durationMs?: number;
  /** Fault parameters: latency/jitter ms, rate KB/s, bytes for limit_data, ... */
  params?: Record<string, number>;
}

/** A built-in target's name (targets/registry.ts) or the path of a driver file (`--target ./my/driver.ts`). */
export type TargetName = string;

/** A case: everything needed to run it again. */
export interface Case {
  id: string;
  suite: string;
  target: TargetName;
  seed: number;
  /** The whole schedule: for matrix cases one fault, for nightly schedules several. */
  faults: FaultSpec[];
  /** The fault the case is named after (its matrix axes, axesOf), when earlier faults only prepare it; absent = the first. */
  named?: number;
  /** Planted bug of the reference pair (colo-ref only). */
  bug?: string;
  /** 'auto' = heartbeat-driven failover; 'manual' = only a management command fails over. */
  failover?: 'auto' | 'manual';
  /** Target options (guest pages, checkpoint delay, ...), passed through. */
  options?: Record<string, string | number | boolean>;
  /**
   * A variant of the same (phase, fault, role), e.g. "QEMU alone" vs "with manager": its own row
   * in the report's matrix, so both answers stay visible side by side.
   */
  variant?: string;
}

/** Where a case sits in the phase × fault matrix: the fault its id names. */
export interface CaseAxes {
  role: Role;
  phase: Phase;
  checkpoint: number;
  fault: FaultKind;
}

/** A case's axes, read from its named fault (a process fault's role, else the phase's owner). */
export function axesOf(c: { faults: readonly FaultSpec[]; named?: number }): CaseAxes {
  const f = c.faults[c.named ?? 0];
  if (!f) throw new Error(`the case has no fault ${c.named ?? 0} to be named after (${c.faults.length} faults)`);
  return { role: f.role ?? phaseOwner(f.at.phase), phase: f.at.phase, checkpoint: f.at.checkpoint, fault: f.kind };
}
