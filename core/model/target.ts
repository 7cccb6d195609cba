// The contract between the case runner and a target driver (colo-ref, qemu, ...).
// The runner owns the fault network and the schedule; the driver owns the replica processes
// and turns whatever the target offers (control channel, QMP, trace lines) into these calls.
import type { Link } from './case.ts';
import type { Phase, Role } from './phases.ts';

export type ManagementCommand = 'lost-heartbeat' | 'cont' | 'stop' | 'migrate-cancel' | 'yank';

/** What a driver reports as it happens; the runner timestamps and stores it. */
export type TargetEvent =
  | {
      type: 'phase'; role: Role; phase: Phase; checkpoint: number; bytes?: number;
      /** P12: P3→P12 stop time */
      downtimeMs?: number;
      /** The target's own time of the phase (epoch ms), when it reports one (QMP event timestamps). */
      at?: number;
    }
  | {
      type: 'paused'; role: Role; phase: Phase; checkpoint: number;
      /** where the owner really stopped, when not at `phase` */
      stoppedAt?: Phase;
      /** why `phase` itself cannot be pinned */
      unpinnable?: string;
    }
  /** The target's own view of a replica (QEMU: runstate, COLO mode and reason, migration status) at `when`. */
  | { type: 'view'; role: Role; when: string; view: Record<string, string | number | null> }
  | { type: 'note'; message: string }
  | {
      type: 'checkpoint'; role: Role; n: number; digest: string; bytes?: number; dirtyPages?: number;
      downtimeMs?: number;
    }
  | { type: 'held'; role: Role; seq: number; reason: string }
  | { type: 'release'; role: Role; seqs: number[]; reason: string; /** target clock, epoch ms */ at?: number }
  | {
      type: 'failover'; role: Role; resumedFrom: number; digest: string;
      /** target clock, epoch ms */
      at?: number;
      /** the guest's last seq at take-over */
      lastSeq?: number;
    }
  | {
      type: 'standalone'; role: Role; reason: string; at?: number;
      /** the guest's last seq when it went alone */
      lastSeq?: number;
    }
  | { type: 'fenced'; role: Role; reason: string; at?: number }
  /** What the secondary holds of checkpoint `checkpoint` so far (TARGET-PROTOCOL §2 `received`). */
  | {
      type: 'received'; role: Role; checkpoint: number; ramEof: boolean; deviceBytes: number; deviceTotal: number;
      at?: number;
    }
  | { type: 'error'; role: Role; message: string }
  /** No progress in a checkpoint for `forMs` (a hang of the target itself, unless a fault explains it) */
  | { type: 'stall'; role: Role; phase: Phase; checkpoint: number; forMs: number; message: string }
  | { type: 'exit'; role: Role; code: number | null; signal: string | null }
  /**
   * The guest itself went wrong: its kernel panicked/oopsed, it reset, or its state diverged from its peer's;
   * `checkpoint`: the last one the role held whole when it was seen.
   */
  | { type: 'guest'; role: Role; what: 'panic' | 'reset' | 'diverged'; message: string; checkpoint?: number };

/** A replica's own view, for the checkers. */
export interface ReplicaState {
  role: Role;
  mode: 'primary' | 'secondary' | 'standalone' | 'fenced' | 'failed-over';
  digest: string;
  lastApplied: number;
  lastSeq: number;
  /** Output journal: [seq, response hash]. */
  outputs: Array<[number, string]>;
  invariants: { ok: boolean; violations: string[] };
}

/** One fault-proxied link, as the runner created it. */
export interface LinkProxy {
  link: Link;
  /** For client links: whose client port it fronts. */
  role?: Role;
  /** For links with several proxies (ram): the channel index. */
  channel?: number;
  /** Proxy name on the fault network. */
  name: string;
  listen: string;
  upstream: string;
}

/** Given to a driver's start(): ports are picked by the runner; proxies already exist. */
export interface TargetContext {
  caseDir: string;
  seed: number;
  bug?: string;
  failover: 'auto' | 'manual';
  options: Record<string, string | number | boolean>;
  /** Call for every event, in order. */
  emit(event: TargetEvent): void;
  /** Bounded-wait default for start-up, ms. */
  startTimeoutMs: number;
  /** Scratch dir for this case (the runner removes it afterwards). */
  tmpDir?: string;
  /** A prebuilt replica entry (e.g. bundled once per run), if the driver can use one. */
  entry?: string;
}

export interface TargetCapabilities {
  /** Exact breakpoints (arm/continue); without them faults are landed from events. */
  breakpoints: boolean;
  /** The target fails over by itself on peer loss (heartbeat); otherwise the runner's manager does. */
  autoFailover: boolean;
  /** With auto failover: the longest a lost peer goes unnoticed before the target takes over by itself, ms. */
  failoverTimeoutMs?: number;
}

export interface StartedPair {
  readonly capabilities: TargetCapabilities;
  /** Where clients reach each replica (through the client proxies). */
  clientAddress(role: Role): { host: string; port: number };
  pid(role: Role): number | undefined;
  /** Replica processes still alive. */
  alive(role: Role): boolean;
  /**
   * Send `sig` to the replica's whole process (group): how process faults (crash, exit, hang) reach
   * it. False when it was gone. Without it the harness signals the group of pid(role).
   */
  signal?(role: Role, sig: NodeJS.Signals): boolean;
  arm(role: Role, phase: Phase, checkpoint: number, bytes?: number): Promise<void>;
  continue(role: Role): Promise<void>;
  state(role: Role, timeoutMs: number): Promise<ReplicaState>;
  /** Management command: make `role` take over (x-colo-lost-heartbeat). */
  failover(role: Role): Promise<void>;
  checkpointNow(): Promise<void>;
  /**
   * A bare management command to one replica (QEMU: x-colo-lost-heartbeat, cont, stop,
   * migrate_cancel, yank of the migration), with nothing done before or after it; the target
   * records its answer. Absent on targets without a management plane.
   */
  manage?(role: Role, command: ManagementCommand): Promise<void>;
  /** Stop everything, reap every process; idempotent. */
  stop(): Promise<void>;
}

/** The pair's timing the schedule space derives its perturbation bounds from. */
export interface PairTiming {
  heartbeatTimeoutMs: number;
  leaseMs: number;
  stallTimeoutMs: number;
}

/** The links a target's random schedules may use. */
export interface SpaceLinks {
  /** Latency may go here (the heartbeat only a little). */
  slow: readonly Link[];
  /** Slicer, bandwidth: links whose bytes may be held up briefly. */
  hold: readonly Link[];
  /** A decisive partition cuts one of these sets (the links of a set together). */
  partition: ReadonlyArray<readonly Link[]>;
}

/** What suites give a case of this target unless they say otherwise. */
export interface CaseDefaults {
  /** Case options (e.g. short timings for the reference pair). */
  options?: Record<string, string | number | boolean>;
  /** How long a hang lasts: past the target's failover timeout, so the other side must act. */
  hangMs?: number;
  /** A low estimate of one case, ms (nightly sizes its schedule list by it). */
  caseMs?: number;
  /** Open-loop workload per client: a request every intervalMs, at most maxInFlight unanswered. */
  openLoop?: { intervalMs: number; maxInFlight: number };
  /** The survivor must answer a client within this (ms) when --liveness-bound is not given. */
  livenessMs?: number;
  /**
   * Case options for a fault at an idle phase (P0, S0), which must meet output the primary holds:
   * e.g. colo-ref's nonce-rate 1 (every response differs between the replicas, so each is held).
   */
  idleOptions?: Record<string, string | number | boolean>;
}

/**
 * A command-line flag a target declares (run, repro, list): `--<flag> VALUE` sets case option `key`.
 * Every built-in target's flags are on the commands; using one with another target is refused.
 */
export interface TargetCliOption {
  /** commander's flags, e.g. '--manager <on|off>' */
  flags: string;
  key: string;
  description: string;
  /** The value as the case records it; throws one line saying what is valid. */
  parse(value: string): string | number | boolean;
  /**
   * `run` may repeat it: every case once per value, a variant "<variant> <label>" with its own id
   * suffix (e.g. the QEMU version matrix: variant QEMU, plural QEMUs, label "7.2 fixed").
   */
  matrix?: { label(value: string): Promise<string>; variant: string; plural: string };
}

export interface TargetDriver {
  /** The registry's name for a built-in target; a driver loaded from a path is known by its path. */
  readonly name: string;
  /**
   * The proxies this target needs, each of which the runner creates before start():
   * e.g. client-primary, client-secondary, mirror, svm-out, checkpoint, heartbeat.
   * The runner picks both ports; the replica listens on `upstream`, its peer connects to `listen`.
   * Given the case's options, since an option can add links (colo-ref ram-channels=N).
   */
  proxies(
    options?: Record<string, string | number | boolean>,
  ): readonly { name: string; link: Link; role?: Role; channel?: number }[];
  /** Start the pair with proxies in place; resolves when replication runs (checkpoint 0 done). */
  start(ctx: TargetContext, proxies: ReadonlyMap<string, LinkProxy>): Promise<StartedPair>;
  /**
   * Check, before any case starts, that the target can run with these case options (its binaries,
   * images, option values); throws one line saying what is missing and how to get it.
   */
  preflight?(options: Record<string, string | number | boolean>, failover: 'auto' | 'manual'): Promise<void>;
  /**
   * The guest's journal hash (TARGET-PROTOCOL §4 `outputs`) of a response line as the client received
   * it, without the newline.
   */
  responseHash?(line: string): string;

  // What the target declares about itself (all optional; docs/TARGET-PROTOCOL.md §7).
  /** Planted bugs `--bug NAME` may choose (passed to start() as ctx.bug). */
  readonly bugs?: readonly string[];
  /**
   * This target is a reference pair: its committed, unmodified source tree (`dir`, relative to the
   * package root) with no bug planted is where a failure is an alarm about the harness.
   */
  readonly reference?: { dir: string };
  /** Random schedules: the links they may use and the timing their bounds derive from (case options applied). */
  space?(options: Record<string, string | number | boolean>): { timing: PairTiming; links: SpaceLinks };
  readonly caseDefaults?: CaseDefaults;
  /** The case options (-o key=value) with their defaults, for `colo-chaos list options`. */
  optionDefaults?(): Record<string, unknown> | Promise<Record<string, unknown>>;
  readonly cliOptions?: readonly TargetCliOption[];
  /**
   * Breakpoint precision per phase: 'exact' where arm() stops the owner in the phase itself, else
   * why it cannot (the fault lands at the nearest event). Absent: every phase is exact.
   */
  pinning?(phase: Phase): 'exact' | string;
  /** A replica entry file to bundle once per run (ctx.entry is then the bundle). */
  readonly bundleEntry?: string;
}
