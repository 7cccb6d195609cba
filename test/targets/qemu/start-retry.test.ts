// A QEMU whose port another process took between the runner's pick and QEMU's bind exits at start;
// the driver says EADDRINUSE (also for slirp's hostfwd, which says only "Could not set up host
// forwarding rule"), so the case runner starts the pair again on fresh ports instead of losing the
// case (CI stop 9 lost a disk test this way: "QMP secondary: read ECONNRESET").
import { describe, expect, test } from 'vitest';
import { loadDriver } from '../../../harness/targets.ts';
import { makeContext } from '../../../harness/suite/context.ts';
import { findBuiltQemu } from '../../../targets/qemu/build.ts';
import { findGuest } from '../../../targets/qemu/guest/build.ts';
import { oneFault } from '../../../harness/suite/cases.ts';
import { QEMU_SMOKE_OPTIONS } from '../../../suites/qemu-smoke.ts';
import { stealOnFirstStart } from '../../harness/runner/port-thief.ts';
import { caseFixture } from '../../harness/runner/case-fixture.ts';

const qemu = (await findGuest().catch(() => null)) ? await findBuiltQemu() : null;

describe.skipIf(!qemu)(`qemu start on a taken port (fixed QEMU${qemu ? '' : ' or guest not built: run .ci/qemu-setup'})`, () => {
  const fx = caseFixture('qemu');

  // each of these QEMU ports is bound at a different moment and fails in its own words
  const taken = [
    { proxy: 'client-primary', what: 'the primary\'s hostfwd', disk: false, says: /EADDRINUSE: the primary QEMU could not bind a port: .*host forwarding/ },
    { proxy: 'nbd', what: 'the secondary\'s NBD server (nbd-server-start)', disk: true, says: /EADDRINUSE: QMP nbd-server-start failed: .*Address already in use/ },
    { proxy: 'client-secondary', what: 'the secondary\'s client port (held until failover)', disk: false, says: /EADDRINUSE: port \d+ was taken before it could be held/ },
  ];
  for (const { proxy, what, disk, says } of taken) test(`${what} taken: the case starts again on fresh ports and passes`, async () => {
    const thief = stealOnFirstStart(fx.session().driver, proxy);
    const ctx = makeContext({ driver: await loadDriver('qemu'), suite: 'test', target: 'qemu', seed: 3, failover: 'auto', caseTimeoutMs: 120_000, cases: new Map(), execute: async () => undefined });
    const base = oneFault(ctx, { phase: 'P0', fault: 'crash', role: 'primary', checkpoint: 1 });
    const c = { ...base, id: `${base.id}-${proxy}`, options: { ...base.options, ...QEMU_SMOKE_OPTIONS, qemu: qemu!, ...(disk ? { disk: true } : {}) } };
    try {
      const out = await fx.run(c, thief.driver);
      const notes = JSON.stringify(out.events.filter((e) => e.type === 'note' || e.type === 'error'));
      expect(thief.starts(), `${JSON.stringify(out.result)} ${notes}`).toBe(2);
      const note = out.events.find((e) => e.type === 'note' && /^started on attempt 2: start attempt 1 failed \(/.test(e.message) && says.test(e.message));
      expect(note, notes).toBeDefined();
      expect(out.result.verdict, JSON.stringify(out.result)).toBe('pass');
      expect(Object.keys(await fx.session().network.client.getAll())).toEqual([]);
    } finally {
      thief.close();
    }
  }, 180_000);
});
