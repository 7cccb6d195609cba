// Replica start-up without tsx per process: colo-ref's entry is bundled once per run with esbuild
// (a dependency of tsx) into .cache/ (inside the project, so its packages resolve from
// node_modules), which the driver runs with plain node. Removed at the end of the run; a run
// killed with SIGKILL cannot, so each run first removes the entries of runs that are gone.
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PreparedEntry {
  path: string;
  dispose(): Promise<void>;
}

/** `src`: the driver's bundleEntry (a file URL); none, nothing to prepare. */
export async function prepareEntry(src: string | undefined, warn: (m: string) => void): Promise<PreparedEntry | null> {
  if (!src) return null;
  const cache = fileURLToPath(new URL('../../.cache/', import.meta.url));
  await mkdir(cache, { recursive: true });
  await removeOrphans(cache);
  // the owner's pid in the name: a later run can tell a live run's entry from a dead one's
  const dir = await mkdtemp(join(cache, `entry-${process.pid}-`));
  const path = join(dir, 'main.mjs');
  try {
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    await esbuild.build({
      entryPoints: [fileURLToPath(src)], bundle: true, platform: 'node', format: 'esm', target: 'node20',
      outfile: path, logLevel: 'silent', packages: 'external',
    });
    return { path, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    warn(`replicas run through tsx (bundling ${src} failed: ${(e as Error).message})`);
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Entries whose run is gone: its pid is dead, or (named before the pid was in the name) a day old. */
export async function removeOrphans(cache: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(cache).catch(() => [] as string[])) {
    if (!name.startsWith('entry-')) continue;
    const pid = /^entry-(\d+)-/.exec(name)?.[1];
    const orphan = pid ? !alive(Number(pid)) : now - ((await stat(join(cache, name)).catch(() => null))?.mtimeMs ?? now) > 86_400_000;
    if (!orphan) continue;
    await rm(join(cache, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
