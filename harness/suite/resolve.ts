// Suite name or path -> suite file. Names are the files in suites/ (smoke, phase-matrix, ...).
import { existsSync, readdirSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

export function suiteNames(): string[] {
  return readdirSync(SUITES_DIR).filter((f) => f.endsWith('.ts') && !f.startsWith('_')).map((f) => f.slice(0, -3)).sort();
}

export function resolveSuite(nameOrPath: string): { name: string; file: string } {
  if (/[\\/]|\.ts$/.test(nameOrPath)) {
    const file = resolve(nameOrPath);
    if (!existsSync(file)) throw new Error(`suite file ${file} does not exist`);
    return { name: file.replace(/^.*[\\/]/, '').replace(/\.ts$/, ''), file };
  }
  const file = join(SUITES_DIR, `${nameOrPath}.ts`);
  if (!existsSync(file)) throw new Error(`unknown suite "${nameOrPath}"; valid: ${suiteNames().join(', ')} (or a path to a suite file)`);
  return { name: nameOrPath, file };
}
