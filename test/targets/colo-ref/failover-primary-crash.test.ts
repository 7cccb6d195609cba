// SIGKILL of the primary while the secondary is stopped at each of its checkpoint phases:
// the survivor resumes from the previous checkpoint unless it got to S6, then from the new one; whole.
import { describe, expect, it } from 'vitest';
import { secondaryHoldsCheckpoint, type SecondaryPhase } from '../../../core/model/phases.ts';
import { crash, FAST_HB, is, nextCheckpoint, startPair } from './pair.ts';

const PHASES: SecondaryPhase[] = ['S2', 'S3', 'S5', 'S6', 'S7a', 'S7b'];

describe('colo-ref: primary crash during a checkpoint', () => {
  it.concurrent.each(PHASES)('at %s the secondary resumes from the right checkpoint, untorn', async (phase) => {
    const p = await startPair({ options: { ...FAST_HB, checkpointDelay: 600_000, nonceRate: 0.3 } });
    try {
      const c = await p.client('primary');
      const load = async (k: number) => {
        for (let i = 0; i < k; i++) await c.request({ op: 'transfer', from: i % 8, to: (i * 3 + 1) % 8, amount: 7 + i }, 5000);
      };
      await load(10);
      await p.pair.checkpointNow();
      await p.waitFor('secondary checkpoint 1', is('checkpoint', (e) => e.role === 'secondary' && e.n >= 1));
      await load(10);
      const n = await nextCheckpoint(p);
      await p.pair.arm('secondary', phase, n);
      await p.pair.checkpointNow();
      await p.waitFor(`secondary paused at ${phase}`, is('paused', (e) => e.role === 'secondary' && e.phase === phase && e.checkpoint === n));
      crash(p, 'primary');
      await p.waitFor('primary exit', is('exit', (e) => e.role === 'primary'));
      await p.pair.continue('secondary');
      const fo = await p.waitFor('failover', is('failover'));
      // Bytes already in flight still arrive after the crash: from S2 on the secondary may complete
      // the checkpoint; it must then have reached S6 (whole checkpoint buffered) before applying it.
      const reachedS6 = p.events.some(is('phase', (e) => e.role === 'secondary' && e.phase === 'S6' && e.checkpoint === n));
      if (secondaryHoldsCheckpoint(phase)) expect(reachedS6).toBe(true);
      const want = reachedS6 ? n : n - 1;
      expect(fo.resumedFrom).toBe(want);
      const primaryDigest = p.events.find(is('checkpoint', (e) => e.role === 'primary' && e.n === want))!.digest;
      expect(fo.digest).toBe(primaryDigest);
      const st = await p.pair.state('secondary', 5000);
      expect(st.mode).toBe('failed-over');
      expect(st.invariants).toEqual({ ok: true, violations: [] });
      const s = await p.client('secondary');
      const r = await s.request({ op: 'balances' }, 5000);
      expect(r.response.total).toBe(64 * 1000);
    } finally {
      await p.stop();
    }
  });
});
