// A case cut short by Ctrl-C (or SIGTERM) has no outcome to judge: its checks saw a pair that was
// torn down mid-way (e.g. a survivor that "never answered"), so they are not findings. Only what
// the case left behind still counts (a leak is a leak, interrupted or not).
import type { CaseResult } from '../../core/model/run.ts';

export function asInterrupted(r: CaseResult): CaseResult {
  const cleanup = r.checks.filter((k) => k.check === 'cleanup');
  if (cleanup.some((k) => k.verdict === 'fail')) {
    return { ...r, verdict: 'fail', checks: cleanup, violations: r.violations.filter((v) => v.check === 'cleanup') };
  }
  return { ...r, verdict: 'interrupted', checks: cleanup, violations: [], error: 'interrupted before the case could finish' };
}
