// The phase matrix as data: every phase meets every fault variant (the heartbeat link and both
// links at once included), checkpoints 1..5 rotate over the grid, idle-phase faults wait for held output.
import { describe, expect, test } from 'vitest';
import { loadDriver } from '../../../harness/targets.ts';
import { makeContext } from '../../../harness/suite/context.ts';
import { validateCase } from '../../../harness/suite/validate-case.ts';
import { PHASES } from '../../../core/model/phases.ts';
import { axesOf } from '../../../core/model/case.ts';
import { MATRIX_CHECKPOINTS, matrixCases } from '../../../harness/suite/matrix.ts';

const ctx = makeContext({ driver: await loadDriver('colo-ref'), suite: 'phase-matrix', target: 'colo-ref', seed: 1, failover: 'auto', caseTimeoutMs: 1000, cases: new Map(), execute: async () => undefined });
const cases = matrixCases(ctx);
const ax = (c: (typeof cases)[number]) => axesOf(c);

describe('the phase matrix', () => {
  test('valid cases with unique ids', () => {
    for (const c of cases) expect(validateCase(c)).toEqual([]);
    expect(new Set(cases.map((c) => c.id)).size).toBe(cases.length);
  });

  test('every phase: crash and hang of each role, checkpoint-link blackhole / reset / latency, heartbeat blackhole, both links cut together', () => {
    for (const phase of PHASES) {
      const mine = cases.filter((c) => ax(c).phase === phase);
      const what = mine.map((c) => c.faults.map((f) => `${f.kind}:${f.role ?? f.link}`).join('+')).sort();
      expect(what, phase).toEqual(expect.arrayContaining([
        'crash:primary', 'crash:secondary', 'hang:primary', 'hang:secondary', 'blackhole:checkpoint', 'reset:checkpoint',
        'latency:checkpoint', 'blackhole:heartbeat', 'blackhole:checkpoint+blackhole:heartbeat',
      ]));
      const both = mine.find((c) => c.faults.length === 2)!;
      expect(both.faults[0]!.at).toEqual(both.faults[1]!.at);
    }
  });

  test(`faults land in checkpoints 1..${MATRIX_CHECKPOINTS}, every phase in ${MATRIX_CHECKPOINTS} different ones`, () => {
    for (const phase of PHASES) {
      const cps = new Set(cases.filter((c) => ax(c).phase === phase).map((c) => ax(c).checkpoint));
      expect(cps.size, phase).toBe(MATRIX_CHECKPOINTS);
    }
    expect(Math.max(...cases.map((c) => ax(c).checkpoint))).toBeGreaterThanOrEqual(5);
    for (const c of cases) expect(c.faults.every((f) => f.at.checkpoint === ax(c).checkpoint), c.id).toBe(true);
  });

  test('idle-phase faults (P0, S0) wait for held output, and every response there is held; no other fault waits', () => {
    for (const c of cases) {
      const idle = ax(c).phase === 'P0' || ax(c).phase === 'S0';
      expect(c.faults.every((f) => f.at.whileHeld === (idle ? true : undefined)), c.id).toBe(true);
      expect(c.options?.['nonce-rate'], c.id).toBe(idle ? 1 : undefined);
      // checkpoint 1's idle phases pass before the first breakpoint is armed
      if (idle) expect(ax(c).checkpoint, c.id).toBeGreaterThanOrEqual(2);
    }
  });

  test('on QEMU (P0/S0 taken at P12/S8, the pair runs on) idle-phase faults land at once: a wait for held output let the next checkpoint begin first', async () => {
    const qemu = makeContext({ driver: await loadDriver('qemu'), suite: 'phase-matrix', target: 'qemu', seed: 1, failover: 'auto', caseTimeoutMs: 1000, cases: new Map(), execute: async () => undefined });
    const qc = matrixCases(qemu);
    expect(qc.length).toBeGreaterThan(100);
    expect(qc.filter((c) => c.faults.some((f) => f.at.whileHeld)).map((c) => c.id)).toEqual([]);
    // no cell on a link QEMU does not have (its heartbeat is QMP, off the fault network)
    expect(qc.filter((c) => c.faults.some((f) => f.link === 'heartbeat')).map((c) => c.id)).toEqual([]);
    expect(cases.filter((c) => c.faults.some((f) => f.link === 'heartbeat')).length).toBe(2 * 22);
  });
});
