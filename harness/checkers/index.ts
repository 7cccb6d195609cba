// The checkers, run safely (a crashed checker gives `unknown`, never a crash of the run),
// and composed: any fail -> fail; else any unknown -> unknown; else pass.
import type { CheckResult, Verdict, Violation } from '../../core/model/run.ts';
import type { CheckInput, Checker } from './types.ts';
import { consistentResume } from './consistent-resume.ts';
import { replicaState } from './replica-state.ts';
import { protocolOrder } from './protocol-order.ts';
import { outputCommit } from './output-commit.ts';
import { liveness } from './liveness.ts';
import { splitBrain } from './split-brain.ts';
import { cleanup } from './cleanup.ts';
import { guestHealth } from './guest-health.ts';

export type { CheckInput, Checker, CleanupFacts, LivenessProbe } from './types.ts';

export const CHECKERS: readonly Checker[] = [consistentResume, replicaState, protocolOrder, outputCommit, liveness, splitBrain, cleanup, guestHealth];

export async function checkSafe(checker: Checker, input: CheckInput): Promise<CheckResult> {
  try {
    return await checker.check(input);
  } catch (e) {
    return { check: checker.name, verdict: 'unknown', violations: [`the ${checker.name} checker crashed: ${(e as Error).message}`] };
  }
}

export function compose(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'pass';
}

export async function runCheckers(input: CheckInput, checkers: readonly Checker[] = CHECKERS): Promise<{ checks: CheckResult[]; verdict: Verdict; violations: Violation[] }> {
  const checks: CheckResult[] = [];
  for (const c of checkers) checks.push(await checkSafe(c, input));
  const violations = checks.filter((c) => c.verdict === 'fail').flatMap((c) => c.violations.map((message) => ({ check: c.check, message })));
  return { checks, verdict: compose(checks.map((c) => c.verdict)), violations };
}
