// What every checker sees after a case: the case, its timeline and the replicas' final states.
import type { Case } from '../../core/model/case.ts';
import type { TimelineEvent } from '../../core/model/events.ts';
import type { Role } from '../../core/model/phases.ts';
import type { CheckName, CheckResult, Verdict } from '../../core/model/run.ts';
import type { ReplicaState } from '../../core/model/target.ts';

export interface LivenessProbe {
  role: Role;
  /** ms on the timeline from which the bound runs (the fault, or the failover). */
  from: number;
  /** ms on the timeline of the first answer, or null. */
  answeredAt: number | null;
  error?: string;
}

export interface CheckInput {
  case: Case;
  events: readonly TimelineEvent[];
  /** Final state of each replica that answered `state`; null if it could not be asked. */
  states: Partial<Record<Role, ReplicaState | null>>;
  /** Why a replica's state could not be read (its error), for the words of an unknown verdict. */
  stateErrors?: Partial<Record<Role, string>>;
  /**
   * Timeline ms at which the harness asked each replica for its state: events that arrived before
   * it happened before the state was taken; later ones may have happened after.
   */
  stateAskedAt?: Partial<Record<Role, number>>;
  /** Who should be serving clients at the end. */
  survivor: Role | null;
  livenessBoundMs: number;
  probe: LivenessProbe | null;
  /** The guest's journal hash of a response line (the target's definition); absent = unknown. */
  responseHash?: (line: string) => string;
  /** What the cleanup check inspects after the pair stopped. */
  cleanup: CleanupFacts;
}

export interface CleanupFacts {
  pids: number[];
  /** Proxy names this case created, and the names still on the fault network. */
  proxyNames: string[];
  remainingProxies: () => Promise<string[]>;
  /** Temp dirs the harness made for the case. */
  tempDirs: string[];
}

export interface Checker {
  name: CheckName;
  check(input: CheckInput): CheckResult | Promise<CheckResult>;
}

export function result(check: CheckName, violations: string[], unknownReason?: string): CheckResult {
  const verdict: Verdict = violations.length > 0 ? 'fail' : unknownReason ? 'unknown' : 'pass';
  return { check, verdict, violations: verdict === 'unknown' ? [unknownReason!] : violations };
}
