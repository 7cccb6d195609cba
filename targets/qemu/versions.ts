// The QEMU builds a run can name by alias (`--qemu fixed|stock|newer|newer-debian`, recorded as such in
// the case, so a repro uses the same build), and a short label per build for the version matrix's rows.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { findBuiltQemu } from './build.ts';
import { findNewerQemu } from './build-newer.ts';
import { memo } from './once.ts';
import { cacheRoot, SetupError, STOCK_QEMU } from './paths.ts';

export const QEMU_ALIASES = {
  fixed: 'the fixed build of Debian\'s stable qemu (7.2 + targets/qemu/patches/7.2), the default',
  stock: `Debian's installed qemu-system-x86 (${STOCK_QEMU})`,
  newer: 'the newer QEMU of Debian\'s next release + the project\'s patches for it',
  'newer-debian': 'the newer QEMU of Debian\'s next release as Debian ships it (Debian\'s patches only)',
} as const;

export type QemuAlias = keyof typeof QEMU_ALIASES;

export function isAlias(s: string): s is QemuAlias {
  return Object.hasOwn(QEMU_ALIASES, s);
}

const SETUP = 'run `colo-chaos qemu build` (or .ci/qemu-setup)';

/** The binary behind an alias (a path is returned as it is). */
export function resolveQemu(nameOrPath: string): Promise<string> {
  if (!isAlias(nameOrPath)) return Promise.resolve(nameOrPath);
  const root = cacheRoot();
  return memo(`alias:${nameOrPath}:${root}`, async () => {
    if (nameOrPath === 'stock') return STOCK_QEMU;
    if (nameOrPath === 'fixed') {
      const bin = await findBuiltQemu(root);
      if (!bin) throw new SetupError(`the fixed QEMU is not built: ${SETUP}, or name one with --qemu PATH`);
      return bin;
    }
    const found = await findNewerQemu(nameOrPath === 'newer', root);
    if (!found) throw new SetupError(`--qemu ${nameOrPath}: ${QEMU_ALIASES[nameOrPath]} is not built: ${SETUP}`);
    return found.binary;
  });
}

/** "10.0 fixed", "7.2 Debian", or the binary's own version for any other path. */
export async function qemuLabel(nameOrPath: string): Promise<string> {
  const binary = await resolveQemu(nameOrPath);
  const okFile = join(dirname(dirname(binary)), 'ok');
  if (existsSync(okFile)) {
    const ok = JSON.parse(readFileSync(okFile, 'utf8')) as { debianVersion?: string; patched?: boolean };
    const upstream = /^(?:\d+:)?(\d+\.\d+)/.exec(ok.debianVersion ?? '')?.[1];
    if (upstream) return `${upstream} ${ok.patched === false ? 'Debian' : 'fixed'}`;
  }
  const r = await execa(binary, ['--version'], { reject: false, timeout: 10_000 });
  const v = /version (\d+\.\d+)/.exec(r.stdout ?? '')?.[1];
  if (!v) throw new SetupError(`QEMU missing or broken: ${binary} --version said: ${(r.stderr || r.stdout || String(r.exitCode)).split('\n')[0]}`);
  return binary === STOCK_QEMU ? `${v} Debian` : `${v} ${binary}`;
}
