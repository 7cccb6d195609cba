// Cases and results as plain data, for driving shrink / repeat / selftest with cheap, real predicates.
import { axesOf, type Case, type FaultSpec } from '../../../core/model/case.ts';
import type { CaseResult, CheckName } from '../../../core/model/run.ts';

export function caseOf(faults: FaultSpec[], extra: Partial<Case> = {}): Case {
  const f = faults[0]!;
  return {
    id: 'c1', suite: 'test', target: 'colo-ref', seed: 7, faults, failover: 'auto', ...extra,
  };
}

/** A result of `c`: fail on `checks` if any, else pass. */
export function resultOf(c: Case, checks: CheckName[], durationMs = 10): CaseResult {
  return {
    id: c.id, ...axesOf(c), seed: c.seed, verdict: checks.length ? 'fail' : 'pass',
    violations: checks.map((check) => ({ check, message: `${check} broken` })), landed: null, landedInPhase: false,
    checks: [], durationMs, startedAt: new Date(0).toISOString(), checkpoints: [], case: c,
  };
}
