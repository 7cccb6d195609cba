// Versions recorded in run.json: the harness, node, the runner library, and, for a target that is
// a reference pair (its driver's `reference`), its source tree under the target's name.
import { readFile } from 'node:fs/promises';
import { referenceTree } from './reference.ts';
import { loadDriver } from '../targets.ts';

async function pkgVersion(url: URL): Promise<string> {
  try {
    return (JSON.parse(await readFile(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function versions(target: string): Promise<Record<string, string>> {
  const reference = (await loadDriver(target)).reference;
  return {
    'colo-chaos': await pkgVersion(new URL('../../package.json', import.meta.url)),
    '@vitest/runner': await pkgVersion(new URL('../../node_modules/@vitest/runner/package.json', import.meta.url)),
    node: process.version,
    ...(reference ? { [target]: await referenceTree(reference.dir) } : {}),
  };
}
