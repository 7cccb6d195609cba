// Replica start-up without tsx per process: colo-ref's entry is bundled once per run with esbuild
// (a dependency of tsx) into .cache/ (inside the project, so its packages resolve from
// node_modules), which the driver runs with plain node. Removed at the end of the run.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TargetName } from '../model/case.ts';

export interface PreparedEntry {
  path: string;
  dispose(): Promise<void>;
}

const ENTRIES: Partial<Record<TargetName, string>> = { 'colo-ref': '../../targets/colo-ref/main.ts' };

export async function prepareEntry(target: TargetName, warn: (m: string) => void): Promise<PreparedEntry | null> {
  const src = ENTRIES[target];
  if (!src) return null;
  const cache = fileURLToPath(new URL('../../.cache/', import.meta.url));
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, 'entry-'));
  const path = join(dir, 'main.mjs');
  try {
    const esbuild = (await import('esbuild')) as typeof import('esbuild');
    await esbuild.build({
      entryPoints: [fileURLToPath(new URL(src, import.meta.url))], bundle: true, platform: 'node', format: 'esm', target: 'node20',
      outfile: path, logLevel: 'silent', packages: 'external',
    });
    return { path, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    warn(`replicas run through tsx (bundling ${src} failed: ${(e as Error).message})`);
    return null;
  }
}
