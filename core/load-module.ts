// Loading a TypeScript file the user names (a suite, a config file, a driver). A file inside this
// package loads as an ES module through the tsx hooks the CLI registered. A file outside it
// (`--suite ../my/suite.ts`) has no "type": "module" around it, so those hooks compile it as
// CommonJS and Node then refuses it ("Cannot require() ES Module ... in a cycle"): it goes through
// tsx's own importer instead.
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const PACKAGE_ROOT = fileURLToPath(new URL('../', import.meta.url));

function inPackage(file: string): boolean {
  const rel = relative(PACKAGE_ROOT, file);
  return !rel.startsWith('..') && !rel.startsWith('/') && !rel.split(/[\\/]/).includes('node_modules');
}

/** esbuild's "Transform failed with 1 error:\n<file>:<line>:<col>: ERROR: <what>" -> one line. */
export function syntaxWords(e: Error): string | null {
  const m = /^Transform failed with \d+ errors?:\n(.+?):(\d+):(\d+): ERROR: (.*)/.exec(e.message);
  return m ? `syntax error at ${m[1]}:${m[2]}:${m[3]}: ${m[4]}` : null;
}

/** A TypeScript file's module namespace, wherever the file is (loaded as CommonJS outside the package). */
export async function importModule(file: string): Promise<Record<string, unknown>> {
  try {
    if (inPackage(file)) return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    const mod = (await tsImport(pathToFileURL(file).href, import.meta.url)) as Record<string, unknown>;
    // loaded as CommonJS, the module's exports object is the default: its named exports are on it
    const d = mod.default;
    if (!d || typeof d !== 'object') return mod;
    const inner = Object.hasOwn(d, 'default') ? (d as { default: unknown }).default : d;
    return { ...(d as Record<string, unknown>), ...mod, default: inner };
  } catch (e) {
    const words = syntaxWords(e as Error);
    throw words ? new Error(words) : e;
  }
}

/** A TypeScript file's default export (a suite, a config file), wherever the file is. */
export async function importDefault(file: string): Promise<unknown> {
  return (await importModule(file)).default;
}
