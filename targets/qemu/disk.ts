// Block replication for the pair (QEMU's block/replication.c, docs/COLO-FT.txt): blank qcow2 images of one size, the
// secondary's NBD server (behind the `nbd` proxy), the primary's replication child, and the disk
// steps of both failover procedures.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { DiskImages } from './cmdline.ts';
import { SetupError } from './paths.ts';
import { hmp, type QmpClient } from './qmp.ts';

const QEMU_IMG = '/usr/bin/qemu-img';
const SIZE = '64M';

export async function makeImages(dir: string): Promise<DiskImages> {
  if (!existsSync(QEMU_IMG)) throw new SetupError(`${QEMU_IMG} missing: apt-get install qemu-utils (.ci/qemu-setup does it)`);
  const d: DiskImages = { primary: join(dir, 'primary.qcow2'), secondary: join(dir, 'secondary.qcow2'), active: join(dir, 'secondary-active.qcow2'), hidden: join(dir, 'secondary-hidden.qcow2') };
  for (const f of Object.values(d)) await execa(QEMU_IMG, ['create', '-q', '-f', 'qcow2', f, SIZE]);
  return d;
}

/** Before `migrate`: the secondary exports parent0, the primary adds the NBD replication child. */
export async function startReplication(p: QmpClient, s: QmpClient, nbd: { listen: number; upstream: number }): Promise<void> {
  await s.execute('nbd-server-start', { addr: { type: 'inet', data: { host: '127.0.0.1', port: String(nbd.upstream) } } });
  await s.execute('nbd-server-add', { device: 'parent0', writable: true });
  await hmp(p, `drive_add -n buddy driver=replication,mode=primary,file.driver=nbd,file.host=127.0.0.1,file.port=${nbd.listen},file.export=parent0,node-name=replication0`);
  await p.execute('x-blockdev-change', { parent: 'colo-disk0', node: 'replication0' });
}

/** Secondary failover, disk part (before x-colo-lost-heartbeat). */
export async function stopSecondaryDisk(s: QmpClient): Promise<void> {
  await s.execute('nbd-server-stop', undefined, 3000).catch(() => undefined);
}

/** Primary failover, disk part: drop the replication child. */
export async function dropReplicationChild(p: QmpClient): Promise<void> {
  await p.execute('x-blockdev-change', { parent: 'colo-disk0', child: 'children.1' }, 3000).catch(() => undefined);
  await hmp(p, 'drive_del replication0').catch(() => undefined);
}
