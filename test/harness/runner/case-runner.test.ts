// The case runner against the real reference pair on the embedded fault network: a port that
// another process takes between the runner's pick and the replica's bind (EADDRINUSE) costs a
// restart on fresh ports, not the case.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCase } from '../../../harness/runner/case-runner.ts';
import { DEFAULT_TIMING } from '../../../harness/runner/timing.ts';
import { openSession, type Session } from '../../../harness/suite/session.ts';
import { makeContext } from '../../../harness/suite/context.ts';
import { oneFault } from '../../../suites/lib/cases.ts';
import { stealOnFirstStart } from './port-thief.ts';

let session: Session;
let dir: string;
beforeAll(async () => {
  session = await openSession('colo-ref', 1, () => undefined);
  dir = await mkdtemp(join(tmpdir(), 'colo-chaos-case-runner-'));
});
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a replica port taken by someone else before the replica binds it: the case starts again on fresh ports and passes', async () => {
  // the real driver; on its first start another listener grabs the secondary's checkpoint port first
  const thief = stealOnFirstStart(session.driver, 'checkpoint');
  const { driver } = thief;
  const ctx = makeContext({ suite: 'test', target: 'colo-ref', seed: 3, failover: 'auto', caseTimeoutMs: 60_000, cases: new Map(), execute: async () => undefined });
  const c = oneFault(ctx, { phase: 'S3', fault: 'crash', role: 'secondary', checkpoint: 1 });
  try {
    const out = await runCase(c, { driver, network: session.network.client, caseDir: join(dir, c.id), timing: DEFAULT_TIMING, ...(session.entry ? { entry: session.entry } : {}) });
    expect(thief.starts()).toBe(2);
    expect(out.result.verdict, JSON.stringify(out.result)).toBe('pass');
    expect(out.result.landedInPhase).toBe(true);
    const note = out.events.find((e) => e.type === 'note' && /^started on attempt 2: start attempt 1 failed .*EADDRINUSE/.test(e.message));
    expect(note).toBeDefined();
    // the failed attempt's exits are not in the judged timeline
    expect(out.events.filter((e) => e.type === 'exit' && e.role === 'primary')).toEqual([]);
    expect(Object.keys(await session.network.client.getAll())).toEqual([]);
  } finally {
    thief.close();
  }
}, 90_000);
