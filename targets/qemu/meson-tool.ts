// A meson new enough for a QEMU source tree (its pythondeps.toml says which): the system's, or else the
// newest meson package apt offers (backports), unpacked into the cache with `dpkg -x`, not installed
// (installing it would change what builds the fixed 7.2). Returns the env that makes configure use it.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { lastLines } from './build.ts';
import { SetupError } from './paths.ts';

/** "1.5.0" < "1.7.0": numeric by dotted part. */
export function versionLess(a: string, b: string): boolean {
  const pa = a.split('.').map((x) => parseInt(x, 10) || 0);
  const pb = b.split('.').map((x) => parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) < (pb[i] ?? 0);
  return false;
}

/** The meson version a QEMU tree accepts (pythondeps.toml `meson = { accepted = ">=X" ...`), or null. */
export async function mesonNeeded(src: string): Promise<string | null> {
  const f = join(src, 'pythondeps.toml');
  if (!existsSync(f)) return null;
  return /^meson\s*=\s*\{[^}]*accepted\s*=\s*">=\s*([\d.]+)"/m.exec(await readFile(f, 'utf8'))?.[1] ?? null;
}

async function systemMeson(): Promise<string> {
  const r = await execa('meson', ['--version'], { reject: false });
  return r.exitCode === 0 ? r.stdout.trim() : '0';
}

/** Env for configure ({} if the system's meson will do). */
export async function mesonEnv(src: string, cacheDir: string, log: (l: string) => void): Promise<Record<string, string>> {
  const need = await mesonNeeded(src);
  if (!need || !versionLess(await systemMeson(), need)) return {};
  const policy = await execa('apt-cache', ['policy', 'meson'], { reject: false });
  const versions = [...(policy.stdout ?? '').matchAll(/^\s+(?:\*\*\* )?(\d[^\s]*) \d+$/gm)].map((m) => m[1]!);
  const best = versions.filter((v) => !versionLess(v.replace(/-.*$/, ''), need)).sort((a, b) => (versionLess(a, b) ? 1 : -1))[0];
  if (!best) throw new SetupError(`this QEMU needs meson >= ${need}; the system has ${await systemMeson()} and apt offers ${versions.join(', ') || 'none'} (backports has one: .ci/qemu-setup adds it)`);
  const dir = join(cacheDir, 'tools', `meson-${best.replace(/[^\w.+-]/g, '_')}`);
  const lib = join(dir, 'root', 'usr', 'lib', 'python3', 'dist-packages');
  if (!existsSync(join(lib, 'mesonbuild'))) {
    log(`meson ${best} (apt-get download + dpkg -x; the system has ${await systemMeson()})`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const dl = await execa('apt-get', ['download', '-qq', `meson=${best}`], { cwd: dir, reject: false, all: true });
    const deb = (await readdir(dir)).find((f) => f.endsWith('.deb'));
    if (dl.exitCode !== 0 || !deb) throw new SetupError(`apt-get download meson=${best} failed: ${lastLines(dl.all ?? '')}`);
    await execa('dpkg', ['-x', join(dir, deb), join(dir, 'root')]);
  }
  return { PYTHONPATH: lib };
}
