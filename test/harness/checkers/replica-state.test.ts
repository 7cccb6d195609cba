import { describe, expect, test } from 'vitest';
import type { TimelineEvent } from '../../../core/model/events.ts';
import { replicaState } from '../../../harness/checkers/replica-state.ts';
import { consistentResume } from '../../../harness/checkers/consistent-resume.ts';
import { input, takeoverTimeline } from './fixtures.ts';

/** Checkpoints 0..n-1, both sides reporting; `bad` = checkpoints the secondary loaded differently. */
function checkpoints(n: number, bad: number[] = []): TimelineEvent[] {
  return Array.from({ length: n }, (_, k): TimelineEvent[] => [
    { t: 10 * k, type: 'checkpoint', role: 'primary', n: k, digest: `d${k}` },
    { t: 10 * k + 5, type: 'checkpoint', role: 'secondary', n: k, digest: bad.includes(k) ? `x${k}` : `d${k}` },
  ]).flat();
}

describe('replica-state', () => {
  test('passes when every checkpoint the secondary loaded equals what the primary sent, with no fault at all', async () => {
    const r = await replicaState.check(input(checkpoints(6), { survivor: 'primary' }));
    expect(r.verdict).toBe('pass');
  });

  test('fails at the first checkpoint the secondary diverged, even with no fault injected', async () => {
    const r = await replicaState.check(input(checkpoints(6, [3, 4, 5]), { survivor: 'primary' }));
    expect(r.verdict).toBe('fail');
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatch(/diverged first at checkpoint 3: the secondary's state after loading it is x3, but the primary's state in checkpoint 3 is d3 \(checkpoints 0\.\.2 matched; 2 later checkpoint\(s\) differ too \(4, 5\)\)/);
  });

  test('a checkpoint the primary never reported (it died first) is not compared', async () => {
    const events = checkpoints(3, [2]).filter((e) => !(e.type === 'checkpoint' && e.role === 'primary' && e.n === 2));
    expect((await replicaState.check(input(events))).verdict).toBe('pass');
  });

  test('consistent-resume no longer repeats the per-checkpoint comparison', async () => {
    const events = takeoverTimeline(2, 'd2').map((e) => (e.type === 'checkpoint' && e.role === 'secondary' && e.n === 1 ? { ...e, digest: 'bad' } : e));
    expect((await consistentResume.check(input(events))).verdict).toBe('pass');
    expect((await replicaState.check(input(events))).violations[0]).toMatch(/diverged first at checkpoint 1: .* is bad, but .* is d1/);
  });
});
