// 50 checkpoints under client load: after each, the secondary's state equals what the primary sent.
import { describe, expect, it } from 'vitest';
import { is, startPair } from './pair.ts';

describe('colo-ref: periodic checkpoints under load', () => {
  it('50 checkpoints, each applied with the primary digest', async () => {
    const p = await startPair({ options: { pages: 512, checkpointDelay: 50, nonceRate: 0.2 } });
    let running = true;
    try {
      const workers = [0, 1].map(async (w) => {
        const c = await p.client('primary');
        for (let i = 0; running; i++) {
          if (i % 3 === 0) await c.request({ op: 'put', key: `k${w}-${i % 50}`, value: `v${i}` }, 10_000);
          else await c.request({ op: 'transfer', from: (i + w) % 64, to: (i * 7 + 3) % 64, amount: i % 50 }, 10_000);
        }
      });
      await p.waitFor('secondary checkpoint 50', is('checkpoint', (e) => e.role === 'secondary' && e.n >= 50), 60_000);
      // the two replicas' events come over two connections: under load the secondary's may be read first
      await p.waitFor('primary checkpoint 50', is('checkpoint', (e) => e.role === 'primary' && e.n >= 50), 5_000);
      running = false;
      await Promise.all(workers);
      const primary = new Map(p.events.filter(is('checkpoint', (e) => e.role === 'primary')).map((e) => [e.n, e.digest]));
      const secondary = p.events.filter(is('checkpoint', (e) => e.role === 'secondary' && e.n <= 50));
      expect(secondary.map((e) => e.n)).toEqual(Array.from({ length: 51 }, (_, i) => i));
      for (const e of secondary) expect(e.digest, `checkpoint ${e.n}`).toBe(primary.get(e.n));
      expect(p.events.some(is('release', (e) => e.reason === 'match'))).toBe(true);
      expect(p.events.some(is('release', (e) => e.reason === 'checkpoint'))).toBe(true);
      expect((await p.pair.state('secondary', 5000)).invariants.ok).toBe(true);
    } finally {
      running = false;
      await p.stop();
    }
  });
});
