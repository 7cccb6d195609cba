// Debian's stock QEMU 7.2 deadlocks the primary at the first checkpoint under TCG: the target must
// report it (a stalled checkpoint 1, where it stopped, QMP silent) in bounded time, not hang.
import { existsSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { STOCK_QEMU } from '../../../targets/qemu/paths.ts';
import { startStandalonePair } from '../../../targets/qemu/standalone.ts';
import { findGuest } from '../../../targets/qemu/guest/build.ts';

const guest = await findGuest().catch(() => null);
const skip = !existsSync(STOCK_QEMU) ? 'qemu-system-x86 not installed' : !guest ? 'guest not built: run .ci/qemu-setup' : '';

describe.skipIf(skip !== '')(`stock QEMU (${skip || STOCK_QEMU})`, () => {
  test('the primary is reported hung at checkpoint 1, with its phase', async () => {
    const t = await startStandalonePair({ qemu: STOCK_QEMU, checkpointDelay: 500, stallMs: 3000, accounts: 4, manager: 'off' });
    try {
      const errors = (): string => JSON.stringify(t.events.filter((x) => x.type === 'error' || x.type === 'exit'));
      const e = await t.waitEvent((x) => x.type === 'error' && /stalled/.test(x.message), 45_000, 'a stall report').catch((err: Error) => { throw new Error(`${err.message}; events: ${errors()}`); });
      expect(e).toMatchObject({ type: 'error', role: 'primary' });
      const msg = (e as { message: string }).message;
      expect(msg, errors()).toMatch(/^checkpoint 1 stalled: the primary stopped at P\d+ of checkpoint 1/);
      expect(msg).toContain('primary QMP does not answer');
      // the secondary got the checkpoint: it holds checkpoint 1 whole
      expect(t.events.some((x) => x.type === 'phase' && x.role === 'secondary' && x.phase === 'S6' && x.checkpoint === 1)).toBe(true);
      // the manager is off: nobody failed over
      expect(t.events.some((x) => x.type === 'failover' || x.type === 'standalone')).toBe(false);
    } finally {
      await t.close();
    }
  }, 120_000);
});
