// The design options of issue 15 under client load: every checkpoint applied on the secondary
// has the primary's digest, and each design shows what makes it different on the wire.
import { describe, expect, it } from 'vitest';
import { is, startPair } from '../pair.ts';

const DESIGNS: Array<[string, Record<string, string | number>]> = [
  ['cache=bounded:64', { cache: 'bounded:64' }],
  ['stream=single', { stream: 'single' }],
  ['ram-channels=3', { 'ram-channels': 3 }],
  ['all three', { cache: 'bounded:64', stream: 'single', 'ram-channels': 2 }],
];

describe('colo-ref designs: checkpoints under load', () => {
  it.concurrent.each(DESIGNS)('%s: 20 checkpoints, each applied with the primary digest', async (_name, design) => {
    // a long delay: with the bounded cache the budget, not the timer, forces the checkpoints
    // and no nonces (a mismatch would trigger them too); distinct keys spread the writes over pages
    const bounded = design.cache !== undefined;
    const p = await startPair({ options: { pages: 512, checkpointDelay: bounded ? 5_000 : 50, nonceRate: bounded ? 0 : 0.2, ...design } });
    let running = true;
    try {
      const workers = [0, 1].map(async (w) => {
        const c = await p.client('primary');
        for (let i = 0; running; i++) {
          if (i % 3 === 0) await c.request({ op: 'put', key: `k${w}-${bounded ? i : i % 50}`, value: `v${i}` }, 10_000);
          else await c.request({ op: 'transfer', from: (i + w) % 64, to: (i * 7 + 3) % 64, amount: i % 50 }, 10_000);
        }
      });
      await p.waitFor('secondary checkpoint 20', is('checkpoint', (e) => e.role === 'secondary' && e.n >= 20), 60_000);
      await p.waitFor('primary checkpoint 20', is('checkpoint', (e) => e.role === 'primary' && e.n >= 20), 5_000);
      running = false;
      await Promise.all(workers);
      const primary = new Map(p.events.filter(is('checkpoint', (e) => e.role === 'primary')).map((e) => [e.n, e.digest]));
      const secondary = p.events.filter(is('checkpoint', (e) => e.role === 'secondary' && e.n <= 20));
      expect(secondary.map((e) => e.n)).toEqual(Array.from({ length: 21 }, (_, i) => i));
      for (const e of secondary) expect(e.digest, `checkpoint ${e.n}`).toBe(primary.get(e.n));
      expect((await p.pair.state('secondary', 5000)).invariants.ok).toBe(true);
      const forced = p.events.filter(is('phase', (e) => e.phase === 'P0b'));
      if (bounded) {
        // checkpoints come from the budget (the timer is 5 s), mostly the secondary's request (S0b)
        expect(forced.length).toBeGreaterThanOrEqual(19);
        expect(p.events.some(is('phase', (e) => e.phase === 'S0b'))).toBe(true);
      } else {
        expect(forced).toEqual([]);
      }
    } finally {
      running = false;
      await p.stop();
    }
  });
});
