// The newer QEMU of the version matrix: the newest qemu source that Debian's own archives offer
// (`apt-cache showsrc qemu` once .ci/qemu-setup added the next release's deb-src), built from one tree
// twice: as Debian ships it ("debian": Debian's patch series only), then, if the project has patches
// for its upstream version, with them ("fixed": an incremental rebuild, colo.c only). Cached as
// <cache>/qemu-<debian-version>-debian/ and <cache>/qemu-<debian-version>-<patch-hash>/.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { applyPatch, debianQemuVersion, patchFiles, patchHash, run, unpackSource, upstreamOf, type BuildOptions, type BuiltQemu } from './build.ts';
import { mesonEnv } from './meson-tool.ts';
import { cacheRoot, SetupError } from './paths.ts';

/** A small configure: TCG, slirp, replication, nothing optional (no modules, so no clash with the system's). */
export const NEWER_CONFIGURE = [
  '--target-list=x86_64-softmmu', '--without-default-features', '--enable-tcg', '--enable-slirp', '--enable-replication', '--enable-colo-proxy',
  '--enable-fdt=system', '--disable-docs', '--disable-user', '--disable-tools', '--disable-werror', '--disable-debug-info',
  '--disable-download', '--disable-install-blobs',
];

export interface Ok { release: 'stable' | 'newer'; patched: boolean; debianVersion: string; patchHash: string }

async function gt(a: string, b: string): Promise<boolean> {
  return (await execa('dpkg', ['--compare-versions', a, 'gt', b], { reject: false })).exitCode === 0;
}

/** Debian qemu source versions of another upstream than the fixed build's, newest first. */
export async function newerQemuVersions(): Promise<string[]> {
  const stable = upstreamOf(await debianQemuVersion());
  const src = await execa('apt-cache', ['showsrc', 'qemu'], { reject: false });
  const all = [...new Set([...(src.stdout ?? '').matchAll(/^Version: (\S+)/gm)].map((m) => m[1]!))].filter((v) => upstreamOf(v) !== stable);
  const sorted: string[] = [];
  for (const v of all) {
    let i = 0;
    while (i < sorted.length && (await gt(sorted[i]!, v))) i++;
    sorted.splice(i, 0, v);
  }
  return sorted;
}

/** The cached builds of the newer release (ok files), newest first; `patched` picks fixed or debian. */
export async function findNewerQemu(patched: boolean, cacheDir = cacheRoot()): Promise<{ binary: string; ok: Ok } | null> {
  if (!existsSync(cacheDir)) return null;
  const found: Array<{ binary: string; ok: Ok }> = [];
  for (const d of await readdir(cacheDir)) {
    const okFile = join(cacheDir, d, 'ok');
    const binary = join(cacheDir, d, 'bin', 'qemu-system-x86_64');
    if (!d.startsWith('qemu-') || !existsSync(okFile) || !existsSync(binary)) continue;
    const ok = JSON.parse(await readFile(okFile, 'utf8')) as Ok;
    if (ok.release === 'newer' && ok.patched === patched) found.push({ binary, ok });
  }
  let best: { binary: string; ok: Ok } | null = null;
  for (const f of found) if (!best || (await gt(f.ok.debianVersion, best.ok.debianVersion))) best = f;
  return best;
}

const dirOf = (cacheDir: string, version: string, tag: string): string => join(cacheDir, `qemu-${version.replace(/^\d+:/, '')}-${tag}`);

async function save(build: string, dir: string, ok: Ok): Promise<BuiltQemu> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(join(dir, 'bin'), { recursive: true });
  const binary = join(dir, 'bin', 'qemu-system-x86_64');
  await copyFile(join(build, 'qemu-system-x86_64'), binary);
  await writeFile(join(dir, 'ok'), JSON.stringify({ ...ok, builtAt: new Date().toISOString() }) + '\n');
  return { binary, dir, debianVersion: ok.debianVersion, patchHash: ok.patchHash, cached: false };
}

function cached(dir: string, version: string, hash: string): BuiltQemu | null {
  const binary = join(dir, 'bin', 'qemu-system-x86_64');
  return existsSync(join(dir, 'ok')) && existsSync(binary) ? { binary, dir, debianVersion: version, patchHash: hash, cached: true } : null;
}

/** Build (or find) the newer QEMU: the first candidate whose source apt can fetch. */
export async function buildNewerQemu(opts: BuildOptions = {}): Promise<{ debian: BuiltQemu; fixed: BuiltQemu | null }> {
  const log = opts.log ?? ((l: string) => process.stderr.write(`qemu build: ${l}\n`));
  const cacheDir = opts.cacheDir ?? cacheRoot();
  const candidates = await newerQemuVersions();
  if (!candidates.length) throw new SetupError('apt offers no qemu source newer than the fixed build\'s: add deb-src lines for the next Debian release (.ci/qemu-setup does it)');
  const errors: string[] = [];
  for (const version of candidates) {
    try {
      return await buildVersion(version, cacheDir, opts, log);
    } catch (e) {
      if (!(e instanceof SetupError) || !/apt-get source/.test(e.message)) throw e;
      errors.push(e.message);
      log(`${version}: source not available, trying the next`);
    }
  }
  throw new SetupError(`no newer qemu source could be fetched: ${errors.join(' | ')}`);
}

async function buildVersion(version: string, cacheDir: string, opts: BuildOptions, log: (l: string) => void): Promise<{ debian: BuiltQemu; fixed: BuiltQemu | null }> {
  const upstream = upstreamOf(version);
  const patches = await patchFiles(upstream);
  const hash = patches.length ? await patchHash(upstream) : '';
  const debianDir = dirOf(cacheDir, version, 'debian');
  const fixedDir = patches.length ? dirOf(cacheDir, version, hash) : null;
  const hit = { debian: cached(debianDir, version, ''), fixed: fixedDir ? cached(fixedDir, version, hash) : null };
  if (!opts.force && hit.debian && (!fixedDir || hit.fixed)) {
    log(`cached ${hit.debian.binary}${hit.fixed ? ` and ${hit.fixed.binary}` : ''}`);
    return { debian: hit.debian, fixed: hit.fixed };
  }
  const work = dirOf(cacheDir, version, 'work');
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  try {
    const src = await unpackSource(cacheDir, version, work, log);
    const build = join(src, 'build');
    await mkdir(build, { recursive: true });
    const env = await mesonEnv(src, cacheDir, log);
    log(`configure ${version} (x86_64-softmmu, TCG, slirp, replication, no optional features)`);
    await run('../configure', NEWER_CONFIGURE, build, join(work, 'configure.log'), env);
    const jobs = opts.jobs ?? Math.max(1, cpus().length);
    const ninja = async (): Promise<void> => run('nice', ['-n', '10', 'ninja', `-j${jobs}`, 'qemu-system-x86_64'], build, join(work, 'ninja.log'), env);
    log(`ninja -j${jobs} qemu-system-x86_64 (Debian's ${version}; several minutes)`);
    await ninja();
    const debian = await save(build, debianDir, { release: 'newer', patched: false, debianVersion: version, patchHash: '' });
    log(`built ${debian.binary}`);
    if (!fixedDir) return { debian, fixed: null };
    for (const p of patches) await applyPatch(src, p, version, log);
    await ninja();
    const fixed = await save(build, fixedDir, { release: 'newer', patched: true, debianVersion: version, patchHash: hash });
    log(`built ${fixed.binary}`);
    return { debian, fixed };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
