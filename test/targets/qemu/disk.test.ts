// Block replication (disk: true): quorum + replication + NBD through the fault network; the
// primary's guest writes its counter to the disk; after a primary crash the secondary serves with
// its RAM and disk consistent (the disk never ahead of the RAM).
import { describe, expect, test } from 'vitest';
import { findBuiltQemu } from '../../../targets/qemu/build.ts';
import { findGuest } from '../../../targets/qemu/guest/build.ts';
import { fetchDump } from '../../../targets/qemu/guest-state.ts';
import { GuestClient } from '../../../core/guest-client.ts';
import { startStandalonePair } from './standalone.ts';

const qemu = (await findGuest().catch(() => null)) ? await findBuiltQemu() : null;

describe.skipIf(!qemu)(`qemu driver with disks (fixed QEMU${qemu ? '' : ' or guest not built: run .ci/qemu-setup'})`, () => {
  test('COLO with block replication survives a primary crash', async () => {
    const t = await startStandalonePair({ qemu: qemu!, disk: true, accounts: 4, checkpointDelay: 500 });
    try {
      const a = t.pair.clientAddress('primary');
      const c = await GuestClient.connect(a.host, a.port, 5000);
      for (let i = 0; i < 3; i++) await c.request({ op: 'transfer', from: 0, to: 1, amount: 1 }, 10_000);
      c.close();
      // the guest writes its counter to /dev/vda every second
      await new Promise((r) => setTimeout(r, 1500));
      const before = await fetchDump('127.0.0.1', t.pair.parts.client.primary.upstream, 10_000);
      expect(before.diskSeq).toBe(3);
      await t.waitEvent((e) => e.type === 'checkpoint' && e.role === 'secondary' && e.n >= 3, 20_000, 'checkpoint 3');
      process.kill(t.pair.pid('primary')!, 'SIGKILL');
      await t.waitEvent((e) => e.type === 'failover', 15_000, 'failover');
      const after = await fetchDump('127.0.0.1', t.pair.parts.client.secondary.upstream, 10_000);
      expect(after.lastSeq).toBe(3);
      expect(after.diskSeq).toBeDefined();
      expect(after.diskSeq!).toBeLessThanOrEqual(after.lastSeq);
      const state = await t.pair.state('secondary', 10_000);
      expect(state.invariants).toEqual({ ok: true, violations: [] });
    } finally {
      await t.close();
    }
  }, 120_000);

  test('a secondary crash leaves the primary alone with its disk, still serving', async () => {
    const t = await startStandalonePair({ qemu: qemu!, disk: true, accounts: 4, checkpointDelay: 500 });
    try {
      await t.waitEvent((e) => e.type === 'checkpoint' && e.role === 'secondary' && e.n >= 1, 20_000, 'checkpoint 1');
      process.kill(t.pair.pid('secondary')!, 'SIGKILL');
      await t.waitEvent((e) => e.type === 'standalone', 15_000, 'standalone');
      const a = t.pair.clientAddress('primary');
      const c = await GuestClient.connect(a.host, a.port, 5000);
      const r = await c.request({ op: 'transfer', from: 0, to: 1, amount: 1 }, 10_000);
      c.close();
      expect(r.response.seq).toBe(1);
      await new Promise((res) => setTimeout(res, 1500));
      expect((await fetchDump('127.0.0.1', t.pair.parts.client.primary.upstream, 10_000)).diskSeq).toBe(1);
    } finally {
      await t.close();
    }
  }, 120_000);
});
