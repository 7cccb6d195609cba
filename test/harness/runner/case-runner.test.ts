// The case runner against the real reference pair on the embedded fault network: a port that
// another process takes between the runner's pick and the replica's bind (EADDRINUSE) costs a
// restart on fresh ports, not the case.
import { expect, test } from 'vitest';
import { makeContext } from '../../../harness/suite/context.ts';
import { oneFault } from '../../../suites/lib/cases.ts';
import { caseFixture } from './case-fixture.ts';
import { stealOnFirstStart } from './port-thief.ts';

const fx = caseFixture('colo-ref');

test('a replica port taken by someone else before the replica binds it: the case starts again on fresh ports and passes', async () => {
  // the real driver; on its first start another listener grabs the secondary's checkpoint port first
  const thief = stealOnFirstStart(fx.session().driver, 'checkpoint');
  const ctx = makeContext({ suite: 'test', target: 'colo-ref', seed: 3, failover: 'auto', caseTimeoutMs: 60_000, cases: new Map(), execute: async () => undefined });
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
