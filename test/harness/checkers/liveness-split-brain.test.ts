import { describe, expect, test } from 'vitest';
import type { TimelineEvent } from '../../../core/model/events.ts';
import { liveness } from '../../../harness/checkers/liveness.ts';
import { splitBrain } from '../../../harness/checkers/split-brain.ts';
import { input, takeoverTimeline } from './fixtures.ts';

describe('liveness', () => {
  test('passes when the survivor answered within the bound', async () => {
    expect((await liveness.check(input(takeoverTimeline(2, 'd2')))).verdict).toBe('pass');
  });

  test('fails when the survivor never answered', async () => {
    const r = await liveness.check(input(takeoverTimeline(2, 'd2'), { probe: { role: 'secondary', from: 25, answeredAt: null, error: 'connection refused' } }));
    expect(r.verdict).toBe('fail');
    expect(r.violations[0]).toMatch(/did not answer a client within 1000 ms.*connection refused/);
  });

  test('fails when the answer came after the bound', async () => {
    const r = await liveness.check(input(takeoverTimeline(2, 'd2'), { probe: { role: 'secondary', from: 25, answeredAt: 2000 } }));
    expect(r.violations[0]).toMatch(/over the 1000 ms bound/);
  });

  test('fails when no replica survived', async () => {
    expect((await liveness.check(input(takeoverTimeline(2, 'd2'), { survivor: null, probe: null }))).verdict).toBe('fail');
  });

  const stall = (t: number): TimelineEvent => ({ t, type: 'stall', role: 'primary', phase: 'P11', checkpoint: 1, forMs: 1600, message: 'checkpoint 1 stalled: QMP does not answer' });

  test('fails when a replica stalled a checkpoint before any fault (it hung by itself), even after a good failover', async () => {
    const r = await liveness.check(input([stall(15), ...takeoverTimeline(2, 'd2')]));
    expect(r.verdict).toBe('fail');
    expect(r.violations[0]).toMatch(/the primary stalled at P11 of checkpoint 1 with no fault injected \(no progress for 1600 ms\): checkpoint 1 stalled/);
  });

  test('a stall after a disruptive fault is explained by it; a checkpoint-now command explains nothing', async () => {
    expect((await liveness.check(input([...takeoverTimeline(2, 'd2'), stall(30)]))).verdict).toBe('pass');
    const benign: TimelineEvent = { t: 14, type: 'fault-inject', index: 0, fault: { kind: 'checkpoint-command', role: 'primary', at: { phase: 'P0', checkpoint: 1 } } };
    expect((await liveness.check(input([benign, stall(15), ...takeoverTimeline(2, 'd2').filter((e) => e.type !== 'fault-inject')]))).verdict).toBe('fail');
  });
});

describe('split-brain', () => {
  test('passes when the primary released nothing after the take-over', async () => {
    const events: TimelineEvent[] = [{ t: 5, type: 'release', role: 'primary', seqs: [1], reason: 'match' }, ...takeoverTimeline(2, 'd2')];
    expect((await splitBrain.check(input(events))).verdict).toBe('pass');
  });

  test('orders the two replicas\' events by their own clock when both carry it (they arrive over two connections)', async () => {
    const fo = takeoverTimeline(2, 'd2').map((e) => (e.type === 'failover' ? { ...e, at: 1_000_700 } : e));
    // read after the failover, but released by the primary before it
    const early: TimelineEvent = { t: 701, type: 'release', role: 'primary', seqs: [9], reason: 'match', at: 1_000_650 };
    expect((await splitBrain.check(input([...fo, early]))).verdict).toBe('pass');
    const late: TimelineEvent = { ...early, at: 1_000_750 };
    expect((await splitBrain.check(input([...fo, late]))).verdict).toBe('fail');
  });

  test('a release the primary took back (its seqs then held for want of a lease) released nothing; the rest still fails', async () => {
    const release: TimelineEvent = { t: 900, type: 'release', role: 'primary', seqs: [20, 21], reason: 'match' };
    const back = (seq: number, t: number): TimelineEvent => ({ t, type: 'held', role: 'primary', seq, reason: 'no-lease' });
    expect((await splitBrain.check(input([...takeoverTimeline(2, 'd2'), release, back(20, 901), back(21, 901)]))).verdict).toBe('pass');
    const r = await splitBrain.check(input([...takeoverTimeline(2, 'd2'), release, back(20, 901)]));
    expect(r.violations).toEqual([expect.stringMatching(/released output \(seqs 21\)/)]);
    // held for another reason, or before the release: not taken back
    const mismatch: TimelineEvent = { t: 901, type: 'held', role: 'primary', seq: 20, reason: 'mismatch' };
    expect((await splitBrain.check(input([...takeoverTimeline(2, 'd2'), back(20, 899), release, mismatch, back(21, 901)]))).verdict).toBe('fail');
  });

  test('fails when the primary released output after the secondary took over', async () => {
    const events: TimelineEvent[] = [...takeoverTimeline(2, 'd2'), { t: 900, type: 'release', role: 'primary', seqs: [7, 8], reason: 'match' }];
    const r = await splitBrain.check(input(events));
    expect(r.verdict).toBe('fail');
    expect(r.violations[0]).toMatch(/seqs 7, 8\).*two replicas released output/);
  });

  test("passes a late checkpoint release of a checkpoint the survivor resumed from, fails one it did not", async () => {
    // the primary was paused (SIGSTOP) between VMSTATE_RECEIVED of checkpoint 2 and its release
    const late = (n: number): TimelineEvent[] => [...takeoverTimeline(2, 'd2'),
      { t: 690, type: 'phase', role: 'primary', phase: 'P9', checkpoint: n },
      { t: 900, type: 'release', role: 'primary', seqs: [7, 8], reason: 'checkpoint' }];
    expect((await splitBrain.check(input(late(2)))).verdict).toBe('pass');
    expect((await splitBrain.check(input(late(3)))).verdict).toBe('fail');
    const matched = [...late(2).slice(0, -1), { t: 900, type: 'release', role: 'primary', seqs: [7, 8], reason: 'match' } as TimelineEvent];
    expect((await splitBrain.check(input(matched))).verdict).toBe('fail');
  });

  test('fails when the primary answered a request made after the take-over', async () => {
    const events: TimelineEvent[] = [...takeoverTimeline(2, 'd2'),
      { t: 800, type: 'op', process: 1, op: 'invoke', f: 'get', server: 'primary' },
      { t: 810, type: 'op', process: 1, op: 'ok', f: 'get', seq: 9, server: 'primary' }];
    expect((await splitBrain.check(input(events))).violations[0]).toMatch(/answered client 1 \(seq 9\)/);
  });
});
