// Start-up through real fault proxies in the worst order: the primary first, while every proxy in
// front of the secondary accepts and then closes (its upstream is not listening yet). The primary
// must retry its initial sync and sync once the secondary appears, within --connect-timeout.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startNetwork, type FaultNetworkLike } from '../../../harness/network.ts';
import { createTopology } from '../../../harness/runner/topology.ts';
import { coloRefDriver } from '../../../targets/colo-ref/driver.ts';
import { ControlServer } from '../../../targets/colo-ref/driver/control-server.ts';
import { Replica } from '../../../targets/colo-ref/driver/replica.ts';
import { replicaArgs } from '../../../targets/colo-ref/driver/args.ts';
import type { Role } from '../../../core/model/phases.ts';

let network: FaultNetworkLike;
beforeAll(async () => {
  network = await startNetwork({ seed: 1 });
});
afterAll(async () => {
  await network?.stop();
});

it('the primary started before the secondary syncs through proxies that accept then close', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'colo-ref-startup-'));
  const synced = new Set<Role>();
  const errors: string[] = [];
  const reps: Replica[] = [];
  let topo: Awaited<ReturnType<typeof createTopology>> | undefined;
  let control: ControlServer | undefined;
  try {
    topo = await createTopology(coloRefDriver, network.client, `startup-${process.pid}`);
    control = await ControlServer.start((role, m) => {
      if (m.type === 'checkpoint' && m.n === 0) synced.add(role);
      if (m.type === 'error') errors.push(`${role}: ${String(m.message)}`);
    });
    const ctx = { caseDir: dir, seed: 3, failover: 'auto' as const, options: { pages: 256, connectTimeout: 20_000 }, emit: () => {}, startTimeoutMs: 20_000 };
    const primary = new Replica('primary', replicaArgs('primary', control.address, ctx, topo.proxies), dir);
    reps.push(primary);
    await Promise.race([control.hello('primary', 10_000), primary.exited.then(() => { throw new Error(`the primary exited before hello: ${primary.stderrTail()}`); })]);
    // the primary is connecting and retrying by now; its proxies cannot reach the secondary
    await new Promise((r) => setTimeout(r, 800));
    expect(primary.alive, primary.stderrTail()).toBe(true);
    expect(synced.has('secondary')).toBe(false);
    // no checkpoint 0 from a primary whose sync attempts all failed (it reports it only once held)
    expect(synced.has('primary')).toBe(false);
    reps.push(new Replica('secondary', replicaArgs('secondary', control.address, ctx, topo.proxies), dir));
    const deadline = Date.now() + 20_000;
    while (synced.size < 2 && Date.now() < deadline && reps.every((r) => r.alive)) await new Promise((r) => setTimeout(r, 50));
    expect([...synced].sort(), reps.map((r) => `${r.role}: ${r.stderrTail()}`).join('; ')).toEqual(['primary', 'secondary']);
    expect(errors).toEqual([]);
  } finally {
    await Promise.all(reps.map((r) => r.stop()));
    control?.close();
    await topo?.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

// Checkpoint 0 moves all of RAM; once written it sits in socket buffers, and the secondary's
// CHECKPOINT_READY can come well after the last byte (a loaded machine: > 600 ms). The regular
// stall bound (600 ms in cases) must not cut it: checkpoint 0 is bounded by --connect-timeout.
it('checkpoint 0 whose READY comes later than the stall timeout still syncs', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'colo-ref-startup-'));
  const synced = new Set<Role>();
  const reps: Replica[] = [];
  let topo: Awaited<ReturnType<typeof createTopology>> | undefined;
  let control: ControlServer | undefined;
  try {
    topo = await createTopology(coloRefDriver, network.client, `startup-slow-${process.pid}`);
    // the secondary's replies on the checkpoint link (downstream: upstream -> the connecting primary)
    const ckpt = await network.client.get(topo.proxies.get('checkpoint')!.name);
    await ckpt.addToxic({ name: 'slow-ready', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 1500, jitter: 0 } });
    control = await ControlServer.start((role, m) => {
      if (m.type === 'checkpoint' && m.n === 0) synced.add(role);
    });
    const ctx = { caseDir: dir, seed: 3, failover: 'auto' as const, options: { pages: 256, stallTimeout: 600, connectTimeout: 10_000 }, emit: () => {}, startTimeoutMs: 20_000 };
    reps.push(new Replica('secondary', replicaArgs('secondary', control.address, ctx, topo.proxies), dir));
    await control.hello('secondary', 10_000);
    reps.push(new Replica('primary', replicaArgs('primary', control.address, ctx, topo.proxies), dir));
    const deadline = Date.now() + 15_000;
    while (synced.size < 2 && Date.now() < deadline && reps.every((r) => r.alive)) await new Promise((r) => setTimeout(r, 50));
    expect([...synced].sort(), reps.map((r) => `${r.role}: ${r.stderrTail()}`).join('; ')).toEqual(['primary', 'secondary']);
  } finally {
    await Promise.all(reps.map((r) => r.stop()));
    control?.close();
    await topo?.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
