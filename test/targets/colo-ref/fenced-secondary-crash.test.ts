// P10-crash-secondary-cp3 under load: the primary, stopped at a breakpoint, lost its lease and
// fenced itself; then the secondary died. A fenced primary whose secondary is certainly dead must go
// standalone and serve (it used to ignore the lost checkpoint link once fenced and stay fenced).
import { describe, expect, it } from 'vitest';
import { crash, FAST_HB, is, startPair } from './pair.ts';

describe('colo-ref: secondary crash after the primary fenced itself (lease expired)', () => {
  it('the primary goes standalone once the secondary is certainly dead, and serves', async () => {
    const p = await startPair({ options: { ...FAST_HB, checkpointDelay: 600_000 } });
    try {
      const c = await p.client('primary');
      await p.pair.arm('primary', 'P10', 1);
      const call = c.request({ op: 'transfer', from: 1, to: 2, amount: 10 }, 15_000);
      await p.pair.checkpointNow();
      await p.waitFor('primary paused at P10', is('paused', (e) => e.role === 'primary' && e.phase === 'P10'));
      // the secondary stops answering heartbeats (as a starved process would): the lease runs out
      const pid = p.pair.pid('secondary')!;
      process.kill(-pid, 'SIGSTOP');
      await p.waitFor('primary fenced (lease expired)', is('fenced', (e) => e.role === 'primary' && /lease/.test(e.reason)));
      crash(p, 'secondary');
      await p.waitFor('secondary exit', is('exit', (e) => e.role === 'secondary'));
      await p.pair.continue('primary');
      const alone = await p.waitFor('standalone', is('standalone', (e) => e.role === 'primary'), 10_000);
      expect(alone.reason).toBe('secondary gone');
      expect((await call).response).toMatchObject({ seq: 1, ok: true });
      expect((await c.request({ op: 'balances' }, 5000)).response.total).toBe(64_000);
    } finally {
      await p.stop();
    }
  });
});
