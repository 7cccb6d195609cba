// Cases and results as plain data, for driving shrink / repeat / selftest with cheap, real predicates.
import type { Case, FaultSpec } from '../../../core/model/case.ts';
import type { CaseResult, CheckName } from '../../../core/model/run.ts';

export function caseOf(faults: FaultSpec[], extra: Partial<Case> = {}): Case {
  const f = faults[0]!;
  return {
    id: 'c1', suite: 'test', target: 'colo-ref', role: f.role ?? 'primary', phase: f.at.phase, checkpoint: f.at.checkpoint,
    fault: f.kind, seed: 7, faults, failover: 'auto', ...extra,
  };
}

/** A result of `c`: fail on `checks` if any, else pass. */
export function resultOf(c: Case, checks: CheckName[], durationMs = 10): CaseResult {
  return {
    id: c.id, phase: c.phase, fault: c.fault, role: c.role, seed: c.seed, verdict: checks.length ? 'fail' : 'pass',
    violations: checks.map((check) => ({ check, message: `${check} broken` })), landed: null, landedInPhase: false,
    checks: [], durationMs, startedAt: new Date(0).toISOString(), checkpoints: [], case: c,
  };
}
