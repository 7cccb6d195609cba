// Each planted bug changes what the control channel shows, in the way README.md documents;
// the same scenario without the bug shows the correct behaviour.
import { describe, expect, it } from 'vitest';
import { crash, FAST_HB, is, nextCheckpoint, startPair, type TestPair } from './pair.ts';

const opts = (extra: Record<string, number> = {}) => ({ ...FAST_HB, checkpointDelay: 600_000, nonceRate: 0, ...extra });

async function load(p: TestPair, k = 12): Promise<void> {
  const c = await p.client('primary');
  for (let i = 0; i < k; i++) await c.request({ op: 'transfer', from: i % 16, to: (i * 5 + 1) % 16, amount: 9 + i }, 10_000);
}

const primaryDigest = (p: TestPair, n: number) => p.events.find(is('checkpoint', (e) => e.role === 'primary' && e.n === n))?.digest;

/**
 * Failover command while the secondary is stopped at `phase` of the checkpoint that one
 * request with a nonce forces (so the primary's pages really differ from the secondary's).
 */
async function failoverAt(bug: string | undefined, phase: 'S3' | 'S7a', cont: boolean) {
  const p = await startPair({ options: opts({ nonceRate: 1 }), ...(bug ? { bug } : {}) });
  try {
    const n = await nextCheckpoint(p);
    await p.pair.arm('secondary', phase, n);
    const c = await p.client('primary');
    void c.request({ op: 'transfer', from: 1, to: 2, amount: 3 }, 20_000).catch(() => {});
    await p.waitFor(`paused at ${phase}`, is('paused', (e) => e.role === 'secondary' && e.phase === phase));
    await p.pair.failover('secondary');
    if (cont) await p.pair.continue('secondary');
    const fo = await p.waitFor('failover', is('failover'));
    return { n, fo, matches: fo.digest === primaryDigest(p, fo.resumedFrom), state: await p.pair.state('secondary', 5000) };
  } finally {
    await p.stop();
  }
}

/** Crash the secondary while the primary is stopped at P5 with a response held. */
async function heldAtSecondaryCrash(bug: string | undefined) {
  const p = await startPair({ options: opts({ nonceRate: 1 }), ...(bug ? { bug } : {}) });
  try {
    const c = await p.client('primary');
    await p.pair.arm('primary', 'P5', 1);
    let answered = false;
    const call = c.request({ op: 'get', key: 'x' }, 20_000).then(() => (answered = true), () => {});
    await p.waitFor('paused at P5', is('paused', (e) => e.phase === 'P5'));
    crash(p, 'secondary');
    await p.pair.continue('primary');
    await p.waitFor('standalone', is('standalone'), 20_000);
    if (!bug) await call;
    else await new Promise((r) => setTimeout(r, 1500));
    return { answered, released: p.events.some(is('release', (e) => e.seqs.includes(1))) };
  } finally {
    await p.stop();
  }
}

describe('colo-ref planted bugs', () => {
  it.concurrent('direct-ram-write: a failover mid-RAM-stream resumes from a torn state', async () => {
    const good = await failoverAt(undefined, 'S3', false);
    expect(good.fo.resumedFrom).toBe(good.n - 1);
    expect(good.matches).toBe(true);
    expect(good.state.invariants.ok).toBe(true);
    const bad = await failoverAt('direct-ram-write', 'S3', false);
    expect(bad.fo.resumedFrom).toBe(bad.n - 1);
    // Torn: the directly written header says checkpoint n while the device still says n-1.
    expect(bad.matches && bad.state.invariants.ok).toBe(false);
  });

  it.concurrent('no-relaunch: a failover mid-flush abandons the half-applied checkpoint', async () => {
    const good = await failoverAt(undefined, 'S7a', true);
    expect(good.fo.resumedFrom).toBe(good.n);
    expect(good.matches).toBe(true);
    expect(good.state.invariants.ok).toBe(true);
    const bad = await failoverAt('no-relaunch', 'S7a', true);
    expect(bad.fo.resumedFrom).toBe(bad.n - 1);
    expect(bad.matches && bad.state.invariants.ok).toBe(false);
  });

  it.concurrent('early-release: held output is released before VMSTATE_RECEIVED (P9)', async () => {
    for (const bug of [undefined, 'early-release']) {
      const p = await startPair({ options: opts({ nonceRate: 1 }), ...(bug ? { bug } : {}) });
      try {
        const c = await p.client('primary');
        await c.request({ op: 'get', key: 'a' }, 10_000);
        const rel = p.events.indexOf(await p.waitFor('release', is('release', (e) => e.reason === 'checkpoint')));
        const p9 = p.events.indexOf(await p.waitFor('P9', is('phase', (e) => e.role === 'primary' && e.phase === 'P9')));
        expect(rel < p9, `release before P9 with bug=${bug}`).toBe(bug !== undefined);
      } finally {
        await p.stop();
      }
    }
  });

  it.concurrent('skip-svm-dirty: pages only the secondary wrote survive the flush', async () => {
    for (const bug of [undefined, 'skip-svm-dirty']) {
      const p = await startPair({ options: opts({ nonceRate: 1 }), ...(bug ? { bug } : {}) });
      try {
        await load(p, 6);
        const sec = p.events.filter(is('checkpoint', (e) => e.role === 'secondary' && e.n > 0));
        expect(sec.length).toBeGreaterThan(0);
        const diverged = sec.some((e) => e.digest !== primaryDigest(p, e.n));
        expect(diverged, `bug=${bug}`).toBe(bug !== undefined);
      } finally {
        await p.stop();
      }
    }
  });

  it.concurrent('partial-device-load: a short device blob is applied, breaking device/RAM agreement', async () => {
    for (const bug of [undefined, 'partial-device-load']) {
      const p = await startPair({ options: opts(), ...(bug ? { bug } : {}) });
      try {
        await load(p);
        const n = await nextCheckpoint(p);
        await p.pair.arm('primary', 'P8', n);
        await p.pair.checkpointNow();
        await p.waitFor('primary paused at P8', is('paused', (e) => e.phase === 'P8'));
        crash(p, 'primary');
        const fo = await p.waitFor('failover', is('failover'));
        const st = await p.pair.state('secondary', 5000);
        if (bug) {
          expect(fo.resumedFrom).toBe(n);
          expect(st.invariants.ok).toBe(false);
        } else {
          expect(fo.resumedFrom).toBe(n - 1);
          expect(st.invariants.ok).toBe(true);
          expect(fo.digest).toBe(primaryDigest(p, n - 1));
        }
      } finally {
        await p.stop();
      }
    }
  });

  it.concurrent('lost-held-output: going standalone drops held responses', async () => {
    expect(await heldAtSecondaryCrash(undefined)).toEqual({ answered: true, released: true });
    expect(await heldAtSecondaryCrash('lost-held-output')).toEqual({ answered: false, released: false });
  });
});
