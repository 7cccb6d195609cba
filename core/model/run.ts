// The run: what run.json holds. Plain data; reports/ only reads this and events.jsonl.
import type { Case, FaultKind } from './case.ts';
import type { Phase, Role } from './phases.ts';

export type Verdict = 'pass' | 'fail' | 'unknown';
/** A case's verdict: a check's, or `interrupted` when Ctrl-C cut the case short (no finding either way). */
export type CaseVerdict = Verdict | 'interrupted';
export type CheckName =
  | 'consistent-resume' | 'replica-state' | 'protocol-order' | 'output-commit' | 'liveness' | 'split-brain' | 'cleanup'
  | 'guest-health';

export interface Violation {
  check: CheckName;
  message: string;
}

export interface CheckResult {
  check: CheckName;
  verdict: Verdict;
  violations: string[];
  /** What the check could not judge on this target (e.g. events it does not report); not a failure. */
  notes?: string[];
}

/** Per-checkpoint numbers, from the target's events. */
export interface CheckpointStat {
  n: number;
  downtimeMs: number;
  bytes: number;
  dirtyPages: number;
}

export interface CaseResult {
  id: string;
  phase: Phase;
  fault: FaultKind;
  role: Role;
  seed: number;
  verdict: CaseVerdict;
  violations: Violation[];
  /** Where the (first) fault really landed, from the target's events; null if it never fired. */
  landed: { phase: Phase; checkpoint: number } | null;
  landedInPhase: boolean;
  /** The target could not stop at the named phase, and says why (QEMU: S7a/S7b inside the secondary's load). */
  unpinnable?: string;
  checks: CheckResult[];
  durationMs: number;
  startedAt: string;
  checkpoints: CheckpointStat[];
  /** The whole case, so repro needs nothing else. */
  case: Case;
  /** Repeated runs of a failing case: how often it failed. */
  reproduction?: { runs: number; failures: number };
  /** Harness error (setup failure, ...), in plain words; the verdict is then 'unknown'. */
  error?: string;
}

export interface SkippedCase {
  id: string;
  phase: Phase;
  fault: FaultKind;
  role: Role;
  reason: 'time-budget' | 'interrupted';
}

export interface RunJson {
  schema: 1;
  suite: string;
  target: string;
  bug?: string;
  seed: number;
  startedAt: string;
  finishedAt?: string;
  /** true while the run is going; a killed run leaves it true. */
  partial: boolean;
  versions: Record<string, string>;
  targetConfig: Record<string, unknown>;
  shard?: { index: number; count: number };
  cases: CaseResult[];
  /** `interrupted` and `skipped` are absent in stores written before they existed. */
  summary: { pass: number; fail: number; unknown: number; interrupted?: number; skipped?: number };
  /** Cases the suite had that never started: past the time budget, or after an interrupt. */
  skipped?: SkippedCase[];
  /** Loud findings about the harness itself: e.g. a case that failed on the clean pair (never retried away). */
  alarms?: string[];
}
