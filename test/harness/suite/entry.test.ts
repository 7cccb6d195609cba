// The bundled replica entry lives in .cache/entry-<pid>-*; a run killed with SIGKILL leaves its
// entry behind, and the next run removes it (and only entries whose run is gone).
import { existsSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { expect, test } from 'vitest';
import { prepareEntry } from '../../../harness/suite/entry.ts';
import { loadDriver } from '../../../harness/targets.ts';

const CACHE = fileURLToPath(new URL('../../../.cache/', import.meta.url));

test('a dead run\'s entry (and an old unnamed one) is removed by the next run; a live run\'s stays', async () => {
  // a pid that surely is gone: a process that already exited
  const child = execa(process.execPath, ['-e', '']);
  await child;
  const gone = child.pid!;
  const names = { dead: `entry-${gone}-killed`, live: `entry-${process.pid}-mine`, old: 'entry-OLDxyz', fresh: 'entry-NEWxyz' };
  mkdirSync(CACHE, { recursive: true });
  for (const n of Object.values(names)) {
    mkdirSync(join(CACHE, n), { recursive: true });
    writeFileSync(join(CACHE, n, 'main.mjs'), '');
  }
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
  utimesSync(join(CACHE, names.old), twoDaysAgo, twoDaysAgo);
  const entry = await prepareEntry((await loadDriver('colo-ref')).bundleEntry, (m) => { throw new Error(m); });
  try {
    expect(entry?.path).toMatch(new RegExp(`/entry-${process.pid}-[^/]+/main\\.mjs$`));
    expect(existsSync(join(CACHE, names.dead))).toBe(false);
    expect(existsSync(join(CACHE, names.old))).toBe(false);
    expect(existsSync(join(CACHE, names.live))).toBe(true);
    expect(existsSync(join(CACHE, names.fresh))).toBe(true);
  } finally {
    await entry?.dispose();
    for (const n of [names.live, names.fresh]) rmSync(join(CACHE, n), { recursive: true, force: true });
  }
});
