// The case runner against the real reference pair on the embedded fault network: a port that
// another process takes between the runner's pick and the replica's bind (EADDRINUSE) costs a
// restart on fresh ports, not the case; a target that says it never started replicating is a finding.
import { expect, test } from 'vitest';
import type { TargetDriver } from '../../../core/model/target.ts';
import { TargetFinding } from '../../../core/start-errors.ts';
import { loadDriver } from '../../../harness/targets.ts';
import { makeContext } from '../../../harness/suite/context.ts';
import { oneFault } from '../../../harness/suite/cases.ts';
import { caseFixture } from './case-fixture.ts';
import { stealOnFirstStart } from './port-thief.ts';

const fx = caseFixture('colo-ref');

test('a replica port taken by someone else before the replica binds it: the case starts again on fresh ports and passes', async () => {
  // the real driver; on its first start another listener grabs the secondary's checkpoint port first
  const thief = stealOnFirstStart(fx.session().driver, 'checkpoint');
  const ctx = makeContext({ driver: await loadDriver('colo-ref'), suite: 'test', target: 'colo-ref', seed: 3, failover: 'auto', caseTimeoutMs: 60_000, cases: new Map(), execute: async () => undefined });
  const c = oneFault(ctx, { phase: 'S3', fault: 'crash', role: 'secondary', checkpoint: 1 });
  try {
    const out = await fx.run(c, thief.driver);
    expect(thief.starts()).toBe(2);
    expect(out.result.verdict, JSON.stringify(out.result)).toBe('pass');
    expect(out.result.landedInPhase).toBe(true);
    const note = out.events.find((e) => e.type === 'note' && /^started on attempt 2: start attempt 1 failed .*EADDRINUSE/.test(e.message));
    expect(note).toBeDefined();
    // the failed attempt's exits are not in the judged timeline
    expect(out.events.filter((e) => e.type === 'exit' && e.role === 'primary')).toEqual([]);
    expect(Object.keys(await fx.session().network.client.getAll())).toEqual([]);
  } finally {
    thief.close();
  }
}, 90_000);

test('a target that reports a finding at start (it never entered replication): the case fails on liveness in its words, no harness error', async () => {
  const real = fx.session().driver;
  const said = 'this QEMU never entered COLO: the primary\'s migration completed instead of switching to colo';
  // the real pair starts, then the driver reports what a QEMU 10.0.2 does (and stops what it started)
  const driver: TargetDriver = Object.assign(Object.create(real) as TargetDriver, {
    async start(...args: Parameters<TargetDriver['start']>) {
      const pair = await real.start(...args);
      await pair.stop();
      throw new TargetFinding(said);
    },
  });
  const ctx = makeContext({ driver: await loadDriver('colo-ref'), suite: 'test', target: 'colo-ref', seed: 4, failover: 'auto', caseTimeoutMs: 60_000, cases: new Map(), execute: async () => undefined });
  const out = await fx.run(oneFault(ctx, { phase: 'P3', fault: 'crash', role: 'primary', checkpoint: 1 }), driver);
  expect(out.result.verdict, JSON.stringify(out.result)).toBe('fail');
  expect(out.result.error).toBeUndefined();
  expect(out.result.violations[0]).toEqual({ check: 'liveness', message: said });
  expect(out.result.checks.find((k) => k.check === 'cleanup')?.verdict).toBe('pass');
  expect(out.events.some((e) => e.type === 'note' && e.message === `finding: ${said}`)).toBe(true);
}, 60_000);
