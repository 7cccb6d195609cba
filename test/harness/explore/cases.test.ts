import { describe, expect, test } from 'vitest';
import { makeContext } from '../../../harness/suite/context.ts';
import { validateCase } from '../../../harness/suite/validate-case.ts';
import { explorationCases, scheduleOf } from '../../../harness/explore/cases.ts';
import { spaceFor } from '../../../harness/explore/space.ts';
import { loadDriver } from '../../../harness/targets.ts';
import { axesOf } from '../../../core/model/case.ts';

const coloRef = await loadDriver('colo-ref');
const qemu = await loadDriver('qemu');

function ctx(seed: number) {
  return makeContext({
    driver: coloRef, suite: 'nightly', target: 'colo-ref', seed, failover: 'auto', caseTimeoutMs: 1000, cases: new Map(),
    execute: async () => { throw new Error('not run here'); },
  });
}

describe('the QEMU schedule space', () => {
  test('QEMU schedules use only the links QEMU has, and hangs sized by the manager\'s QMP heartbeat (1500 ms)', () => {
    const qctx = makeContext({ driver: qemu, suite: 'nightly', target: 'qemu', seed: 5, failover: 'auto', caseTimeoutMs: 1000, cases: new Map(), execute: async () => { throw new Error('not run here'); } });
    const cases = explorationCases(qctx, 300);
    const faults = cases.flatMap((c) => c.faults);
    expect(faults.some((f) => f.link === 'heartbeat')).toBe(false);
    expect(new Set(faults.filter((f) => f.kind === 'blackhole').map((f) => f.link))).toEqual(new Set(['checkpoint']));
    // a hang either rides under the QMP heartbeat (<= stall/3) or surely outlasts it: never in between
    const hangs = faults.filter((f) => f.kind === 'hang').map((f) => f.durationMs!);
    expect(hangs.some((ms) => ms <= 500) && hangs.some((ms) => ms > 1500)).toBe(true);
    expect(hangs.filter((ms) => ms > 500 && ms <= 1500)).toEqual([]);
  });
});

describe('explorationCases', () => {
  test('valid cases whose stored seed regenerates the stored schedule', () => {
    const cases = explorationCases(ctx(42), 40);
    const space = spaceFor(coloRef, 'auto');
    for (const c of cases) {
      expect(validateCase(c)).toEqual([]);
      expect(scheduleOf(c.seed, space)).toEqual(c.faults);
      expect(axesOf(c)).toMatchObject({ phase: c.faults[0]!.at.phase, fault: c.faults[0]!.kind });
    }
    expect(new Set(cases.map((c) => c.id)).size).toBe(40);
  });

  test('ids and schedules do not depend on how many cases are asked for; the run seed changes them', () => {
    const five = explorationCases(ctx(42), 5);
    expect(explorationCases(ctx(42), 3, 2)).toEqual(five.slice(2));
    const other = explorationCases(ctx(43), 5);
    expect(other.map((c) => c.id)).toEqual(five.map((c) => c.id));
    expect(other.map((c) => c.faults)).not.toEqual(five.map((c) => c.faults));
  });
});
