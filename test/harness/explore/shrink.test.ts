import { describe, expect, test } from 'vitest';
import { axesOf, type Case, type FaultSpec } from '../../../core/model/case.ts';
import { admissible, candidates } from '../../../harness/explore/candidates.ts';
import { NotReproducible, shrink, type ShrinkOptions } from '../../../harness/explore/shrink.ts';
import { caseOf, resultOf } from './fixtures.ts';

const crash = (phase: FaultSpec['at']['phase'], checkpoint: number): FaultSpec => ({ kind: 'crash', role: 'primary', at: { phase, checkpoint } });
const latency = (phase: FaultSpec['at']['phase'], checkpoint: number): FaultSpec => ({ kind: 'latency', link: 'mirror', at: { phase, checkpoint }, durationMs: 600, params: { latency: 100, jitter: 20 } });
const OPTS: ShrinkOptions = { runs: 3, finalRuns: 5, maxRuns: 400 };

describe('candidates', () => {
  test('never below checkpoint 1, never out of order, never a failover command without a lost primary', () => {
    const faults: FaultSpec[] = [latency('P3', 2), crash('S7a', 3), { kind: 'failover-command', role: 'secondary', at: { phase: 'S7a', checkpoint: 3 } }];
    expect(admissible(faults)).toBe(true);
    const all = candidates(faults);
    expect(all.length).toBeGreaterThan(5);
    for (const c of all) {
      expect(admissible(c.faults)).toBe(true);
      expect(c.faults.every((f) => f.at.checkpoint >= 1)).toBe(true);
    }
    // dropping the crash would leave the failover command alone
    expect(all.some((c) => c.faults.length === 2 && c.faults[1]!.kind === 'failover-command' && c.faults[0]!.kind === 'latency')).toBe(false);
    expect(all[0]!.change).toBe('without fault 0');
    // moving the crash alone (or the command alone) would split them: the space never has that
    for (const c of all) {
      const [lost, cmd] = [c.faults.find((f) => f.kind === 'crash'), c.faults.find((f) => f.kind === 'failover-command')];
      if (cmd) expect(cmd.at, c.change).toEqual(lost!.at);
    }
    expect(all.some((c) => c.change === 'fault 1 1 checkpoint earlier')).toBe(false);
  });
});

describe('shrink', () => {
  test('drops the faults that do not matter, moves the rest to the first checkpoint', async () => {
    // the bug: a primary crash during the flush, whatever else happens
    const run = async (c: Case) => resultOf(c, c.faults.some((f) => f.kind === 'crash' && f.at.phase === 'S7a') ? ['consistent-resume'] : []);
    const original = caseOf([latency('P3', 2), latency('S3', 3), crash('S7a', 4), latency('P1', 6)]);
    const r = await shrink(original, run, OPTS);
    expect(r.minimal.faults).toEqual([crash('S7a', 1)]);
    expect(r.minimal.id).toBe('c1-min');
    expect(axesOf(r.minimal).checkpoint).toBe(1);
    expect(r.signature).toEqual(['consistent-resume']);
    expect(r.reproduction).toEqual({ runs: 5, failures: 5 });
    expect(r.finalResults.map((x) => x.id)).toEqual(['c1-min', 'c1-min-run2', 'c1-min-run3', 'c1-min-run4', 'c1-min-run5']);
    expect(r.steps.filter((s) => s.accepted).length).toBeGreaterThanOrEqual(3);
  });

  test('byte counts and durations shrink to the threshold that still fails', async () => {
    const cut: FaultSpec = { kind: 'limit_data', link: 'checkpoint', direction: 'upstream', at: { phase: 'P6', checkpoint: 2, bytes: 3000 }, params: { bytes: 16000 } };
    const hang: FaultSpec = { kind: 'hang', role: 'secondary', at: { phase: 'P1', checkpoint: 1 }, durationMs: 1400 };
    const run = async (c: Case) => {
      const l = c.faults.find((f) => f.kind === 'limit_data');
      const h = c.faults.find((f) => f.kind === 'hang');
      return resultOf(c, l && l.params!.bytes! >= 1000 && h && h.durationMs! >= 700 ? ['output-commit'] : []);
    };
    const r = await shrink(caseOf([hang, cut]), run, OPTS);
    const [h, l] = r.minimal.faults;
    expect(l!.params!.bytes).toBe(1000);
    expect(l!.at.bytes).toBe(0);
    expect(h!.durationMs).toBeGreaterThanOrEqual(700);
    expect(h!.durationMs).toBeLessThan(1400);
  });

  test('a candidate that fails less often than the original is not taken; flakiness is measured', async () => {
    let calls = 0;
    // with the crash it always fails; the latency alone fails one run in three
    const run = async (c: Case) => {
      calls++;
      const fails = c.faults.some((f) => f.kind === 'crash') || (c.faults.some((f) => f.kind === 'latency') && calls % 3 === 0);
      return resultOf(c, fails ? ['liveness'] : []);
    };
    const r = await shrink(caseOf([crash('P3', 1), latency('S7a', 2)]), run, OPTS);
    expect(r.need).toBe(2);
    expect(r.minimal.faults.map((f) => f.kind)).toEqual(['crash']);
    const latencyOnly = r.steps.find((s) => s.change === 'without fault 0')!;
    expect(latencyOnly.accepted).toBe(false);
    expect(latencyOnly.failures).toBeLessThan(2);
  });

  test('a candidate failing on another check does not count', async () => {
    const run = async (c: Case) => resultOf(c, c.faults.length === 2 ? ['output-commit'] : ['cleanup']);
    const r = await shrink(caseOf([latency('P3', 1), crash('S7a', 2)]), run, OPTS);
    expect(r.minimal.faults).toHaveLength(2);
    expect(r.steps.every((s) => !s.accepted || s.change.includes('->'))).toBe(true);
  });

  test('a flaky original keeps its rate as the bar, and the final rate is reported', async () => {
    let calls = 0;
    const run = async (c: Case) => resultOf(c, ++calls % 3 === 1 && c.faults.some((f) => f.kind === 'crash') ? ['liveness'] : []);
    const r = await shrink(caseOf([latency('P3', 2), crash('S7a', 3)]), run, OPTS);
    expect(r.originalReproduction).toEqual({ runs: 3, failures: 1 });
    expect(r.need).toBe(1);
    expect(r.reproduction.runs).toBe(5);
    expect(r.reproduction.failures).toBeGreaterThanOrEqual(1);
    expect(r.reproduction.failures).toBeLessThan(5);
  });

  test('an original that no longer fails is an error, not a "minimal" pass', async () => {
    await expect(shrink(caseOf([crash('S7a', 1)]), async (c) => resultOf(c, []), OPTS)).rejects.toThrow(NotReproducible);
  });

  test('the run budget bounds the work', async () => {
    let calls = 0;
    const run = async (c: Case) => { calls++; return resultOf(c, ['liveness']); };
    const r = await shrink(caseOf([latency('P3', 2), latency('S3', 3), crash('S7a', 4)]), run, { ...OPTS, maxRuns: 6 });
    expect(r.exhausted).toBe(true);
    expect(r.runsUsed).toBe(calls);
    expect(calls).toBeLessThanOrEqual(6 + OPTS.finalRuns);
  });
});
