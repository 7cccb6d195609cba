// A guest that crashed while the pair came up is a start to try again (startAgainError), in plain words;
// healthy guests let the start go on.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { canStartAgain } from '../../../harness/runner/start.ts';
import { isTargetFinding } from '../../../core/start-errors.ts';
import { GuestWatch } from '../../../targets/qemu/guest-watch.ts';
import { guestsUpHealthy, startCrash } from '../../../targets/qemu/start-health.ts';

const dirs: string[] = [];
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

async function watchOn(secondarySerial: string): Promise<GuestWatch> {
  const d = await mkdtemp(join(tmpdir(), 'start-health-'));
  dirs.push(d);
  await writeFile(join(d, 'p.log'), 'COLO-GUEST-READY\n');
  await writeFile(join(d, 's.log'), secondarySerial);
  const never = new Promise<void>(() => undefined);
  return new GuestWatch({ primary: { serialLog: join(d, 'p.log'), exited: never }, secondary: { serialLog: join(d, 's.log'), exited: never } }, () => undefined, () => 0);
}

test('a secondary guest that panicked right after the initial sync: the start is tried again, saying why', async () => {
  const watch = await watchOn('[ 1.2] Kernel panic - not syncing: Attempted to kill the idle task!\n');
  const e = await guestsUpHealthy(watch, 1).then(() => null, (x: Error) => x);
  expect(e?.message).toBe('the secondary\'s guest crashed while the pair came up, before the case began: its console says "[ 1.2] Kernel panic - not syncing: Attempted to kill the idle task!"');
  expect(canStartAgain(e)).toBe(true);
  expect(isTargetFinding(e)).toBe(true); // when every attempt crashes: the case fails in these words
});

test('healthy guests: no start error', async () => {
  const watch = await watchOn('');
  await guestsUpHealthy(watch, 1);
  expect(startCrash(watch)).toBeNull();
});
