// Builds the tiny guest from Debian packages at run time: the kernel and virtio modules of a
// linux-image-*-cloud-amd64 package (apt-get download + dpkg -x, not installed) and a
// busybox-static initramfs with the bank service (rootfs/). Cached per kernel and rootfs hash.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execa } from 'execa';
import { cacheRoot, SetupError } from '../paths.ts';
import { lastLines } from '../build.ts';

const ROOTFS = new URL('./rootfs/', import.meta.url).pathname;
const ROOT_FILES = ['init', 'svc', 'bank.awk'];
/** Insmod order of init; the files copied into the initramfs. */
const MODULES = ['virtio_ring', 'virtio', 'virtio_pci_legacy_dev', 'virtio_pci_modern_dev', 'virtio_pci', 'failover', 'net_failover', 'virtio_net', 'virtio_blk'];
const BUSYBOX = '/bin/busybox';

export interface Guest {
  kernel: string;
  initrd: string;
  dir: string;
  cached: boolean;
}

/** The versioned kernel package behind the linux-image-cloud-amd64 meta-package. */
export async function kernelPackage(): Promise<string> {
  const r = await execa('apt-cache', ['depends', 'linux-image-cloud-amd64'], { reject: false });
  const m = /Depends: (linux-image-[\w.-]+-cloud-amd64)\b/.exec(r.stdout ?? '');
  if (!m) throw new SetupError('kernel package missing: apt-cache knows no linux-image-cloud-amd64 (run apt-get update)');
  return m[1]!;
}

async function guestDir(cacheDir: string, pkg: string): Promise<string> {
  const h = createHash('sha256');
  for (const f of ROOT_FILES) h.update(await readFile(join(ROOTFS, f)));
  return join(cacheDir, `guest-${pkg.replace(/^linux-image-/, '')}-${h.digest('hex').slice(0, 12)}`);
}

export async function findGuest(cacheDir = cacheRoot()): Promise<Guest | null> {
  const dir = await guestDir(cacheDir, await kernelPackage()).catch(() => null);
  if (!dir || !existsSync(join(dir, 'ok'))) return null;
  return { kernel: join(dir, 'bzImage'), initrd: join(dir, 'initrd.gz'), dir, cached: true };
}

export async function buildGuest(opts: { cacheDir?: string; log?: (l: string) => void } = {}): Promise<Guest> {
  const log = opts.log ?? (() => undefined);
  const cacheDir = opts.cacheDir ?? cacheRoot();
  const pkg = await kernelPackage();
  const dir = await guestDir(cacheDir, pkg);
  const kernel = join(dir, 'bzImage');
  const initrd = join(dir, 'initrd.gz');
  if (existsSync(join(dir, 'ok'))) return { kernel, initrd, dir, cached: true };
  if (!existsSync(BUSYBOX)) throw new SetupError(`${BUSYBOX} missing: apt-get install busybox-static`);
  await mkdir(dir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, 'guest-work-'));
  try {
    log(`apt-get download ${pkg}`);
    const dl = await execa('apt-get', ['download', '-qq', pkg], { cwd: work, reject: false, all: true });
    const deb = (await readdir(work)).find((f) => f.endsWith('.deb'));
    if (dl.exitCode !== 0 || !deb) throw new SetupError(`kernel package missing: apt-get download ${pkg} failed: ${lastLines(dl.all ?? '')}`);
    const x = join(work, 'x');
    await execa('dpkg', ['-x', join(work, deb), x]);
    const vmlinuz = (await readdir(join(x, 'boot'))).find((f) => f.startsWith('vmlinuz-'));
    if (!vmlinuz) throw new SetupError(`${pkg} has no /boot/vmlinuz-*`);
    await copyFile(join(x, 'boot', vmlinuz), kernel);
    const root = join(work, 'root');
    for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp', 'lib/modules']) await mkdir(join(root, d), { recursive: true });
    await copyFile(BUSYBOX, join(root, 'bin', 'busybox'));
    await chmod(join(root, 'bin', 'busybox'), 0o755);
    for (const f of ROOT_FILES) {
      await copyFile(join(ROOTFS, f), join(root, f));
      await chmod(join(root, f), f === 'bank.awk' ? 0o644 : 0o755);
    }
    const found = await findModules(join(x, 'lib', 'modules'));
    for (const m of MODULES) {
      const path = found.get(m);
      if (!path) throw new SetupError(`${pkg} has no module ${m}.ko`);
      await copyFile(path, join(root, 'lib', 'modules', `${m}.ko`));
    }
    // no cpio on the machine: busybox cpio -o -H newc
    const list = await execa(BUSYBOX, ['find', '.'], { cwd: root });
    const cpio = await execa(BUSYBOX, ['cpio', '-o', '-H', 'newc'], { cwd: root, input: list.stdout + '\n', encoding: 'buffer' });
    await writeFile(initrd, gzipSync(cpio.stdout));
    await writeFile(join(dir, 'ok'), JSON.stringify({ pkg, builtAt: new Date().toISOString() }) + '\n');
    log(`guest in ${dir}`);
    return { kernel, initrd, dir, cached: false };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function findModules(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.ko')) out.set(e.name.slice(0, -3), join(e.parentPath, e.name));
  }
  return out;
}
