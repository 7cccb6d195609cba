import { describe, expect, test } from 'vitest';
import { consistentResume } from '../../../harness/checkers/consistent-resume.ts';
import { input, state, takeoverTimeline } from './fixtures.ts';

describe('consistent-resume', () => {
  test('passes when the survivor resumed from the checkpoint it held whole, with the primary digest', async () => {
    const r = await consistentResume.check(input(takeoverTimeline(2, 'd2')));
    expect(r.verdict).toBe('pass');
  });

  test('fails when the secondary reached S6 of checkpoint 2 but resumed from 1', async () => {
    const r = await consistentResume.check(input(takeoverTimeline(1, 'd1')));
    expect(r.verdict).toBe('fail');
    expect(r.violations.join(' ')).toMatch(/resumed from checkpoint 1, but it held checkpoint 2 whole/);
  });

  test('fails on a torn state: right checkpoint, wrong digest', async () => {
    const r = await consistentResume.check(input(takeoverTimeline(2, 'torn')));
    expect(r.violations.join(' ')).toMatch(/checkpoint 2 is d2 \(torn or mixed state\)/);
  });

  test('expects the previous checkpoint when the primary died before S6', async () => {
    const events = takeoverTimeline(1, 'd1').filter((e) => !(e.type === 'phase' && e.phase === 'S6') && e.type !== 'paused');
    expect((await consistentResume.check(input(events))).verdict).toBe('pass');
  });

  test('bytes in flight: the primary died at S3 but the secondary still reached S6, so it must resume from the new one', async () => {
    // the crash lands while the secondary is paused at S3; S6 of checkpoint 2 comes after the crash
    const inFlight = (resumedFrom: number, digest: string) => takeoverTimeline(resumedFrom, digest)
      .filter((e) => !(e.type === 'paused'))
      .map((e) => (e.type === 'phase' && e.phase === 'S6' ? { ...e, t: 30 } : e))
      .sort((a, b) => a.t - b.t);
    expect(inFlight(2, 'd2').findIndex((e) => e.type === 'exit')).toBeLessThan(inFlight(2, 'd2').findIndex((e) => e.type === 'phase' && e.phase === 'S6'));
    expect((await consistentResume.check(input(inFlight(2, 'd2')))).verdict).toBe('pass');
    const previous = await consistentResume.check(input(inFlight(1, 'd1')));
    expect(previous.verdict).toBe('fail');
    expect(previous.violations.join(' ')).toMatch(/held checkpoint 2 whole/);
  });

  test("reports the survivor's broken invariants", async () => {
    const r = await consistentResume.check(input(takeoverTimeline(2, 'd2'), { states: { secondary: state('secondary', [], { ok: false, violations: ['bank total 63990 != 64000'] }) } }));
    expect(r.verdict).toBe('fail');
    expect(r.violations[0]).toMatch(/bank total/);
  });

  test('is unknown when the survivor did not report its state', async () => {
    const r = await consistentResume.check(input(takeoverTimeline(2, 'd2'), { states: {} }));
    expect(r.verdict).toBe('unknown');
  });
});
