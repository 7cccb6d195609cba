// Builds the fixed QEMU from Debian's qemu source package plus the project's COLO patches for its
// upstream version (targets/qemu/patches/<major.minor>/*.patch), x86_64-softmmu only, and caches it under
// <cache>/qemu-<debian-version>-<patch-hash>/bin/qemu-system-x86_64. The newer QEMU of the version
// matrix: build-newer.ts.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { cacheRoot, SetupError } from './paths.ts';

const PATCH_ROOT = new URL('./patches/', import.meta.url).pathname;
/** The upstream version of the fixed (stable) build, whose patches the defaults name. */
export const STABLE_UPSTREAM = '7.2';

export interface BuildOptions {
  /** Cache root (default ~/.cache/colo-chaos or $COLO_CHAOS_CACHE). */
  cacheDir?: string;
  /** Progress lines (default: stderr). */
  log?: (line: string) => void;
  jobs?: number;
  /** Build again even if the cache is valid. */
  force?: boolean;
}

export interface BuiltQemu {
  binary: string;
  dir: string;
  debianVersion: string;
  patchHash: string;
  cached: boolean;
}

/** The Debian source version of qemu that apt offers (the installed binary's source if any). */
export async function debianQemuVersion(): Promise<string> {
  const installed = await execa('dpkg-query', ['-W', '-f=${source:Version}', 'qemu-system-x86'], { reject: false });
  if (installed.exitCode === 0 && installed.stdout.trim()) return installed.stdout.trim();
  const src = await execa('apt-cache', ['showsrc', 'qemu'], { reject: false });
  const m = /^Version: (\S+)/m.exec(src.stdout ?? '');
  if (!m) throw new SetupError('no Debian qemu source package found: add a deb-src line for bookworm and run apt-get update (.ci/qemu-setup does it)');
  return m[1]!;
}

/** "1:10.0.13+ds-0+deb13u1" -> "10.0": which patch directory applies. */
export function upstreamOf(debianVersion: string): string {
  return /^(?:\d+:)?(\d+\.\d+)/.exec(debianVersion)?.[1] ?? debianVersion;
}

/** The project's patches for an upstream version (none: an empty list). */
export async function patchFiles(upstream = STABLE_UPSTREAM): Promise<string[]> {
  const dir = join(PATCH_ROOT, upstream);
  if (!existsSync(dir)) return [];
  return (await readdir(dir)).filter((f) => f.endsWith('.patch')).sort().map((f) => join(dir, f));
}

export async function patchHash(upstream = STABLE_UPSTREAM): Promise<string> {
  const h = createHash('sha256');
  for (const f of await patchFiles(upstream)) h.update(await readFile(f));
  return h.digest('hex').slice(0, 12);
}

/** Where the build for this Debian version and patch set lives (whether built or not). */
export async function builtQemuDir(cacheDir = cacheRoot()): Promise<{ dir: string; debianVersion: string; patchHash: string }> {
  const debianVersion = await debianQemuVersion();
  const hash = await patchHash(upstreamOf(debianVersion));
  return { dir: join(cacheDir, `qemu-${debianVersion.replace(/^\d+:/, '')}-${hash}`), debianVersion, patchHash: hash };
}

/** The cached fixed QEMU binary, or null if it is not built. */
export async function findBuiltQemu(cacheDir = cacheRoot()): Promise<string | null> {
  const { dir } = await builtQemuDir(cacheDir).catch(() => ({ dir: '' }));
  const bin = join(dir, 'bin', 'qemu-system-x86_64');
  return dir && existsSync(join(dir, 'ok')) && existsSync(bin) ? bin : null;
}

export async function buildQemu(opts: BuildOptions = {}): Promise<BuiltQemu> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`qemu build: ${l}\n`));
  const cacheDir = opts.cacheDir ?? cacheRoot();
  const { dir, debianVersion, patchHash: hash } = await builtQemuDir(cacheDir);
  const binary = join(dir, 'bin', 'qemu-system-x86_64');
  if (!opts.force && existsSync(join(dir, 'ok')) && existsSync(binary)) {
    log(`cached ${binary}`);
    return { binary, dir, debianVersion, patchHash: hash, cached: true };
  }
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const src = await unpackSource(cacheDir, debianVersion, dir, log);
  for (const p of await patchFiles(upstreamOf(debianVersion))) await applyPatch(src, p, debianVersion, log);
  const build = join(src, 'build');
  await mkdir(build, { recursive: true });
  log('configure (x86_64-softmmu, slirp, replication)');
  await run('../configure', [
    '--target-list=x86_64-softmmu', '--meson=meson', '--enable-slirp', '--enable-replication', '--enable-fdt=system',
    '--disable-docs', '--disable-user', '--disable-tools', '--disable-gtk', '--disable-sdl', '--disable-opengl',
    '--disable-werror', '--disable-debug-info',
  ], build, join(dir, 'configure.log'));
  const jobs = opts.jobs ?? Math.max(1, cpus().length);
  log(`ninja -j${jobs} qemu-system-x86_64 (several minutes)`);
  await run('nice', ['-n', '10', 'ninja', `-j${jobs}`, 'qemu-system-x86_64'], build, join(dir, 'ninja.log'));
  await mkdir(join(dir, 'bin'), { recursive: true });
  await copyFile(join(build, 'qemu-system-x86_64'), binary);
  await rm(src, { recursive: true, force: true });
  await writeFile(join(dir, 'ok'), JSON.stringify({ release: 'stable', patched: true, debianVersion, patchHash: hash, builtAt: new Date().toISOString() }) + '\n');
  log(`built ${binary}`);
  return { binary, dir, debianVersion, patchHash: hash, cached: false };
}

/** apt-get source (once per version), then a fresh dpkg-source -x tree (Debian's patches applied). */
export async function unpackSource(cacheDir: string, version: string, dir: string, log: (l: string) => void): Promise<string> {
  const srcCache = join(cacheDir, 'src', version.replace(/^\d+:/, ''));
  await mkdir(srcCache, { recursive: true });
  const dsc = async (): Promise<string | undefined> => (await readdir(srcCache)).find((f) => f.endsWith('.dsc'));
  if (!(await dsc())) {
    log(`apt-get source qemu=${version}`);
    const r = await execa('apt-get', ['source', '--download-only', '-qq', `qemu=${version}`], { cwd: srcCache, reject: false, all: true });
    if (r.exitCode !== 0 || !(await dsc())) throw new SetupError(`apt-get source qemu=${version} failed (is there a deb-src line for its release? .ci/qemu-setup adds them): ${lastLines(r.all ?? '')}`);
  }
  const tree = join(dir, 'src');
  const r = await execa('dpkg-source', ['-x', join(srcCache, (await dsc())!), tree], { reject: false, all: true });
  if (r.exitCode !== 0) throw new SetupError(`dpkg-source -x failed: ${lastLines(r.all ?? '')}`);
  return tree;
}

/** Apply one patch to a source tree; a SetupError naming the patch if it no longer applies. */
export async function applyPatch(src: string, patch: string, version: string, log: (l: string) => void = () => undefined): Promise<void> {
  const dry = await execa('patch', ['-p1', '--forward', '--batch', '--dry-run', '-i', patch], { cwd: src, reject: false, all: true });
  if (dry.exitCode !== 0) throw new SetupError(`patch ${patch} no longer applies to Debian qemu ${version}: ${lastLines(dry.all ?? '')}`);
  await execa('patch', ['-p1', '--forward', '--batch', '-i', patch], { cwd: src });
  log(`applied ${patch}`);
}

export async function run(cmd: string, args: string[], cwd: string, logFile: string, env: Record<string, string> = {}): Promise<void> {
  const r = await execa(cmd, args, { cwd, reject: false, all: true, env: { PATH: `/usr/bin:/bin:${process.env.PATH ?? ''}`, ...env } });
  await writeFile(logFile, r.all ?? '');
  if (r.exitCode !== 0) throw new SetupError(`${cmd} ${args.join(' ')} failed (exit ${r.exitCode}); log ${logFile}: ${lastLines(r.all ?? '')}`);
}

export function lastLines(text: string, n = 8): string {
  return text.trim().split('\n').slice(-n).join('\n');
}
