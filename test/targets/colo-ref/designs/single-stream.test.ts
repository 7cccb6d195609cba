// stream=single: the device state is loaded as it is parsed, so a primary that dies after the
// device fields but before VM_EOF leaves the secondary with devices of the new checkpoint over
// RAM of the old one (the cache is dropped): torn. The default design (size-prefixed blob, applied
// only whole) resumes untorn from the same window. (Fields the secondary computed the same way
// itself do not show a tear; the checkpoint generation, last, does.)
import { describe, expect, it } from 'vitest';
import { SECTION_SIZE } from '../../../../targets/colo-ref/wire/single.ts';
import { DEVICE_BLOB_SIZE } from '../../../../targets/colo-ref/guest/device.ts';
import { crash, FAST_HB, is, nextCheckpoint, startPair } from '../pair.ts';

describe('colo-ref stream=single vs size-prefixed: primary dies inside the device state (P8)', () => {
  it.concurrent.each([['size-prefixed', true], ['single', false]] as const)('stream=%s: untorn resume %s', async (stream, untorn) => {
    const p = await startPair({ options: { ...FAST_HB, checkpointDelay: 600_000, stream } });
    try {
      const c = await p.client('primary');
      for (let i = 0; i < 10; i++) await c.request({ op: 'transfer', from: i % 8, to: (i * 3 + 1) % 8, amount: 7 + i }, 5000);
      const n = await nextCheckpoint(p);
      // the whole device state but the last 8 bytes (VM_EOF in the single stream)
      await p.pair.arm('primary', 'P8', n, stream === 'single' ? SECTION_SIZE - 8 : DEVICE_BLOB_SIZE - 8);
      await p.pair.checkpointNow();
      await p.waitFor('primary paused at P8', is('paused', (e) => e.role === 'primary' && e.phase === 'P8' && e.checkpoint === n));
      crash(p, 'primary');
      const fo = await p.waitFor('failover', is('failover'));
      expect(fo.resumedFrom).toBe(n - 1);
      const st = await p.pair.state('secondary', 5000);
      expect(st.mode).toBe('failed-over');
      if (untorn) expect(st.invariants).toEqual({ ok: true, violations: [] });
      else expect(st.invariants.violations.join('; ')).toContain(`device checkpoint ${n} != RAM header ${n - 1}`);
    } finally {
      await p.stop();
    }
  });
});
