// --out must be somewhere we can write, checked before anything starts. Why not just mkdir:
// Node's recursive mkdir never returns on some paths (under /proc, mkdir of a child gets ENOENT
// although its parent exists, and mkdir -p goes back to the parent and tries again, forever, at
// full CPU). So: the nearest existing ancestor must be a directory we can make a dir in.
import { existsSync, mkdtempSync, rmdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ExitError, EXIT } from './errors.ts';

export function checkOutDir(out: string): void {
  let at = resolve(out);
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  if (!statSync(at).isDirectory()) throw new ExitError(EXIT.error, `--out ${out}: ${at} is not a directory`);
  try {
    rmdirSync(mkdtempSync(join(at, '.colo-chaos-write-test-')));
  } catch (e) {
    throw new ExitError(EXIT.error, `--out ${out}: cannot create directories in ${at} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
