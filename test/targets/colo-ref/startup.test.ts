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

interface Started {
  dir: string;
  topo: Awaited<ReturnType<typeof createTopology>>;
  control: ControlServer;
  synced: Set<Role>;
  errors: string[];
  reps: Replica[];
}

/** A topology on the embedded network and a control server recording checkpoint 0 per role; all removed after f. */
async function withTopology(name: string, f: (s: Started) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'colo-ref-startup-'));
  const reps: Replica[] = [];
  let topo: Started['topo'] | undefined;
  let control: ControlServer | undefined;
  try {
    topo = await createTopology(coloRefDriver, network.client, `${name}-${process.pid}`);
    const synced = new Set<Role>();
    const errors: string[] = [];
    control = await ControlServer.start((role, m) => {
      if (m.type === 'checkpoint' && m.n === 0) synced.add(role);
      if (m.type === 'error') errors.push(`${role}: ${String(m.message)}`);
    });
    await f({ dir, topo, control, synced, errors, reps });
  } finally {
    await Promise.all(reps.map((r) => r.stop()));
    control?.close();
    await topo?.remove();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Until both replicas reported checkpoint 0, one exited, or `ms` passed; then both must have. */
async function bothSynced(s: Started, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (s.synced.size < 2 && Date.now() < deadline && s.reps.every((r) => r.alive)) await new Promise((r) => setTimeout(r, 50));
  expect([...s.synced].sort(), s.reps.map((r) => `${r.role}: ${r.stderrTail()}`).join('; ')).toEqual(['primary', 'secondary']);
}

it('the primary started before the secondary syncs through proxies that accept then close', async () => {
  await withTopology('startup', async (s) => {
    const ctx = { caseDir: s.dir, seed: 3, failover: 'auto' as const, options: { pages: 256, connectTimeout: 20_000 }, emit: () => {}, startTimeoutMs: 20_000 };
    const primary = new Replica('primary', replicaArgs('primary', s.control.address, ctx, s.topo.proxies), s.dir);
    s.reps.push(primary);
    await Promise.race([s.control.hello('primary', 10_000), primary.exited.then(() => { throw new Error(`the primary exited before hello: ${primary.stderrTail()}`); })]);
    // the primary is connecting and retrying by now; its proxies cannot reach the secondary
    await new Promise((r) => setTimeout(r, 800));
    expect(primary.alive, primary.stderrTail()).toBe(true);
    expect(s.synced.has('secondary')).toBe(false);
    // no checkpoint 0 from a primary whose sync attempts all failed (it reports it only once held)
    expect(s.synced.has('primary')).toBe(false);
    s.reps.push(new Replica('secondary', replicaArgs('secondary', s.control.address, ctx, s.topo.proxies), s.dir));
    await bothSynced(s, 20_000);
    expect(s.errors).toEqual([]);
  });
}, 60_000);

// Checkpoint 0 moves all of RAM; once written it sits in socket buffers, and the secondary's
// CHECKPOINT_READY can come well after the last byte (a loaded machine: > 600 ms). The regular
// stall bound (600 ms in cases) must not cut it: checkpoint 0 is bounded by --connect-timeout.
it('checkpoint 0 whose READY comes later than the stall timeout still syncs', async () => {
  await withTopology('startup-slow', async (s) => {
    // the secondary's replies on the checkpoint link (downstream: upstream -> the connecting primary)
    const ckpt = await network.client.get(s.topo.proxies.get('checkpoint')!.name);
    await ckpt.addToxic({ name: 'slow-ready', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 1500, jitter: 0 } });
    const ctx = { caseDir: s.dir, seed: 3, failover: 'auto' as const, options: { pages: 256, stallTimeout: 600, connectTimeout: 10_000 }, emit: () => {}, startTimeoutMs: 20_000 };
    s.reps.push(new Replica('secondary', replicaArgs('secondary', s.control.address, ctx, s.topo.proxies), s.dir));
    await s.control.hello('secondary', 10_000);
    s.reps.push(new Replica('primary', replicaArgs('primary', s.control.address, ctx, s.topo.proxies), s.dir));
    await bothSynced(s, 15_000);
  });
}, 60_000);
