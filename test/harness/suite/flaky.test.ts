import { describe, expect, test } from 'vitest';
import type { Case } from '../../../core/model/case.ts';
import type { CaseResult } from '../../../core/model/run.ts';
import { cleanPairAlarm, failsLike, repeat } from '../../../harness/suite/flaky.ts';
import { caseOf, resultOf } from '../explore/fixtures.ts';

const base = caseOf([{ kind: 'crash', role: 'primary', at: { phase: 'S7a', checkpoint: 1 } }]);

/** Verdicts in order, one per run. */
function scripted(script: Array<'pass' | 'fail' | 'unknown'>) {
  const ids: string[] = [];
  const run = async (c: Case): Promise<CaseResult> => {
    const v = script[ids.length] ?? 'pass';
    ids.push(c.id);
    const r = resultOf(c, v === 'fail' ? ['liveness'] : []);
    return v === 'unknown' ? { ...r, verdict: 'unknown', error: 'setup failed' } : r;
  };
  return { run, ids };
}

describe('repeat', () => {
  test('counts failures over every run, with ids run2, run3, ...', async () => {
    const s = scripted(['fail', 'pass', 'fail', 'fail']);
    const r = await repeat(base, s.run, 4);
    expect(r.reproduction).toEqual({ runs: 4, failures: 3 });
    expect(s.ids).toEqual(['c1', 'c1-run2', 'c1-run3', 'c1-run4']);
  });

  test('stops once the answer is known', async () => {
    const yes = scripted(['fail', 'fail', 'pass']);
    expect((await repeat(base, yes.run, 3, { need: 2 })).reproduction).toEqual({ runs: 2, failures: 2 });
    const no = scripted(['pass', 'pass', 'fail']);
    expect((await repeat(base, no.run, 3, { need: 2 })).reproduction).toEqual({ runs: 2, failures: 0 });
  });

  test('an unknown run is no evidence: not counted, but only so many are tolerated', async () => {
    const s = scripted(['unknown', 'fail', 'unknown', 'fail']);
    const r = await repeat(base, s.run, 2);
    expect(r.reproduction).toEqual({ runs: 2, failures: 2 });
    expect(r.unknown).toBe(2);
    const stuck = scripted(['unknown', 'unknown', 'unknown', 'unknown', 'unknown']);
    const r2 = await repeat(base, stuck.run, 2);
    expect(r2.results).toHaveLength(4);
    expect(r2.reproduction).toEqual({ runs: 0, failures: 0 });
  });

  test('with a signature only failures on those checks count', () => {
    const r = resultOf(base, ['cleanup']);
    expect(failsLike(r)).toBe(true);
    expect(failsLike(r, ['liveness'])).toBe(false);
    expect(failsLike(r, ['liveness', 'cleanup'])).toBe(true);
  });
});

describe('cleanPairAlarm', () => {
  const reference = { 'colo-ref': `git:${'a'.repeat(40)}` };

  test('a failure on the clean pair is loud; on a planted bug it is the point', () => {
    expect(cleanPairAlarm(base, { runs: 5, failures: 1 }, reference)).toMatch(/FAILED ON THE CLEAN PAIR in 1 of 5 runs/);
    expect(cleanPairAlarm(base, { runs: 5, failures: 0 }, reference)).toBeNull();
    expect(cleanPairAlarm({ ...base, bug: 'early-release' }, { runs: 5, failures: 5 }, reference)).toBeNull();
    // a real target's failure is a finding about it, not a harness alarm
    expect(cleanPairAlarm({ ...base, target: 'qemu' }, { runs: 5, failures: 5 }, reference)).toBeNull();
  });

  test('a changed reference pair (local changes to targets/colo-ref) or an unknown build is the target, not the harness', () => {
    expect(cleanPairAlarm(base, { runs: 5, failures: 5 }, { 'colo-ref': `git:${'a'.repeat(40)}+local-changes` })).toBeNull();
    expect(cleanPairAlarm(base, { runs: 5, failures: 5 }, { 'colo-ref': 'unknown: not a git repository' })).toBeNull();
    expect(cleanPairAlarm(base, { runs: 5, failures: 5 }, undefined)).toBeNull();
  });
});
