// Versions recorded in run.json: the harness, node, the runner library, and the reference pair's tree.
import { readFile } from 'node:fs/promises';
import { referenceTree } from './reference.ts';

async function pkgVersion(url: URL): Promise<string> {
  try {
    return (JSON.parse(await readFile(url, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function versions(): Promise<Record<string, string>> {
  return {
    'colo-chaos': await pkgVersion(new URL('../../package.json', import.meta.url)),
    '@vitest/runner': await pkgVersion(new URL('../../node_modules/@vitest/runner/package.json', import.meta.url)),
    node: process.version,
    'colo-ref': await referenceTree(),
  };
}
