// SIGKILL of the secondary while the primary is stopped at P3..P11 with a client's response held:
// the primary goes standalone, releases the held output, and keeps serving.
import { describe, expect, it } from 'vitest';
import type { PrimaryPhase } from '../../../core/model/phases.ts';
import { crash, FAST_HB, is, startPair } from './pair.ts';

const PHASES: PrimaryPhase[] = ['P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11'];

describe('colo-ref: secondary crash during a checkpoint', () => {
  it.concurrent.each(PHASES)('at %s the primary goes standalone and releases held output', async (phase) => {
    // nonce-rate 1: every response mismatches, so it is held until a checkpoint (or standalone).
    const p = await startPair({ options: { ...FAST_HB, checkpointDelay: 600_000, nonceRate: 1 } });
    try {
      const c = await p.client('primary');
      await p.pair.arm('primary', phase, 1);
      const held = c.request({ op: 'transfer', from: 1, to: 2, amount: 10 }, 15_000);
      await p.waitFor(`primary paused at ${phase}`, is('paused', (e) => e.role === 'primary' && e.phase === phase));
      expect(p.events.some(is('held', (e) => e.seq === 1))).toBe(true);
      crash(p, 'secondary');
      await p.waitFor('secondary exit', is('exit', (e) => e.role === 'secondary'));
      await p.pair.continue('primary');
      const r = await held;
      expect(r.response).toMatchObject({ seq: 1, ok: true, balances: [990, 1010] });
      await p.waitFor('standalone', is('standalone'));
      const rel = p.events.find(is('release', (e) => e.seqs.includes(1)));
      // From P9 on the secondary held the checkpoint, so P10 may release it before standalone does.
      const late = ['P9', 'P10', 'P11'].includes(phase);
      expect(late ? ['checkpoint', 'standalone'] : ['standalone']).toContain(rel?.reason);
      const again = await c.request({ op: 'balances' }, 5000);
      expect(again.response.total).toBe(64_000);
      expect((await p.pair.state('primary', 5000)).mode).toBe('standalone');
    } finally {
      await p.stop();
    }
  });
});
