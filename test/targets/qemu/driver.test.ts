// The qemu driver against the fixed QEMU: COLO checkpoints with the service answering through
// colo-compare, digests equal on both sides, then a primary crash and the manager's failover.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findBuiltQemu } from '../../../targets/qemu/build.ts';
import { findGuest } from '../../../targets/qemu/guest/build.ts';
import { GuestClient } from '../../../core/guest-client.ts';
import { startStandalonePair, type StandalonePair } from './standalone.ts';

function listenOnce(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => s.close(() => resolve()));
  });
}

import type { TargetEvent } from '../../../core/model/target.ts';
import { signalGroup } from '../../../faults/process.ts';

const lastCheckpoint = (events: readonly TargetEvent[]): number => Math.max(...events.flatMap((e) => (e.type === 'phase' && e.role === 'primary' ? [e.checkpoint] : [])));

const qemu = (await findGuest().catch(() => null)) ? await findBuiltQemu() : null;

describe.skipIf(!qemu)(`qemu driver (fixed QEMU${qemu ? '' : ' or guest not built: run .ci/qemu-setup'})`, () => {
  let t: StandalonePair | null = null;
  beforeAll(async () => { t = await startStandalonePair({ qemu: qemu!, checkpointDelay: 500, accounts: 8 }); }, 90_000);
  afterAll(async () => { await t?.close(); }, 30_000);

  test('checkpoints run, the service answers through colo-compare, both sides hold the same checkpoints', async () => {
    const { pair, events, waitEvent } = t!;
    const addr = pair.clientAddress('primary');
    const client = await GuestClient.connect(addr.host, addr.port, 5000);
    const seqs: number[] = [];
    for (let i = 0; i < 3; i++) seqs.push((await client.request({ op: 'transfer', from: 0, to: 1, amount: 2 }, 10_000)).response.seq!);
    client.close();
    expect(seqs, JSON.stringify(seqs)).toEqual([1, 2, 3]);
    await waitEvent((e) => e.type === 'checkpoint' && e.role === 'secondary' && e.n >= 3, 20_000, 'checkpoint 3 on the secondary');
    const sent = new Map(events.flatMap((e) => (e.type === 'checkpoint' && e.role === 'primary' ? [[e.n, e.digest] as const] : [])));
    // the primary reports a checkpoint at P12, which may come just after the secondary's S8
    const applied = events.flatMap((e) => (e.type === 'checkpoint' && e.role === 'secondary' && sent.has(e.n) ? [e] : []));
    expect(applied.length).toBeGreaterThanOrEqual(3);
    for (const a of applied) expect(a.digest).toBe(sent.get(a.n));
    const phases = events.flatMap((e) => (e.type === 'phase' && e.checkpoint === 2 ? [`${e.role[0]}:${e.phase}`] : []));
    for (const p of ['p:P1', 'p:P2', 'p:P3', 'p:P4', 'p:P6', 'p:P7', 'p:P8', 'p:P9', 'p:P11', 'p:P12', 's:S1', 's:S2', 's:S3', 's:S5', 's:S6', 's:S8']) expect(phases).toContain(p);
    const state = await pair.state('primary', 10_000);
    expect(state.lastSeq).toBe(3);
    expect(state.invariants).toEqual({ ok: true, violations: [] });
  }, 60_000);

  test('a breakpoint at P7 holds the link right after VMSTATE_SIZE + length until continue', async () => {
    const { pair, events, waitEvent } = t!;
    const next = lastCheckpoint(events) + 2;
    await pair.arm('primary', 'P7', next);
    await waitEvent((e) => e.type === 'paused' && e.phase === 'P7' && e.checkpoint === next, 20_000, `a pause at P7 of checkpoint ${next}`);
    await new Promise((r) => setTimeout(r, 500));
    const at = (role: string, phase: string): boolean => events.some((e) => e.type === 'phase' && e.role === role && e.phase === phase && e.checkpoint === next);
    expect(at('secondary', 'S3') && at('secondary', 'S5')).toBe(true); // RAM and VMSTATE_SIZE went through
    expect(at('primary', 'P8')).toBe(false); // the device blob is held
    expect(at('secondary', 'S6')).toBe(false);
    await pair.continue('primary');
    await waitEvent((e) => e.type === 'phase' && e.role === 'primary' && e.phase === 'P12' && e.checkpoint === next, 10_000, 'P12 after continue');
    expect(at('primary', 'P8') && at('secondary', 'S6') && at('secondary', 'S8')).toBe(true);
  }, 60_000);

  test('S7b: the secondary is stopped inside its load, and the pause says where it really stopped', async () => {
    const { pair, events, waitEvent } = t!;
    const next = lastCheckpoint(events) + 2;
    await pair.arm('secondary', 'S7b', next);
    const p = await waitEvent((e) => e.type === 'paused' && e.phase === 'S7b' && e.checkpoint === next, 20_000, `a pause at S7b of checkpoint ${next}`);
    // stopped before LOADED: the primary has not got it
    const at = (role: string, phase: string): boolean => events.some((e) => e.type === 'phase' && e.role === role && e.phase === phase && e.checkpoint === next);
    expect(at('secondary', 'S6')).toBe(true);
    expect(at('primary', 'P11')).toBe(false);
    // either pinned, or it names where it stopped and why S7b could not be pinned
    if (p.type === 'paused' && p.stoppedAt) expect(p.unpinnable).toMatch(/its trace shows it stopped/);
    else expect(at('secondary', 'S7b')).toBe(true);
    await pair.continue('secondary');
    await waitEvent((e) => e.type === 'phase' && e.role === 'primary' && e.phase === 'P12' && e.checkpoint === next, 10_000, 'P12 after continue');
  }, 60_000);

  test('primary crash at S5 (mid device blob): the link is cut there, the secondary resumes from the checkpoint before', async () => {
    const { pair, events, waitEvent } = t!;
    // the secondary's client port is bound only at failover (hostfwd_add): held till then, nobody else gets it
    await expect(listenOnce(pair.parts.client.secondary.upstream)).rejects.toThrow(/EADDRINUSE/);
    const next = lastCheckpoint(events) + 2;
    await pair.arm('secondary', 'S5', next);
    await waitEvent((e) => e.type === 'paused' && e.phase === 'S5' && e.checkpoint === next, 20_000, `a pause at S5 of checkpoint ${next}`);
    // as the crash fault does (it marks the pid as ended by a fault)
    signalGroup(pair.pid('primary')!, 'SIGKILL');
    await pair.continue('secondary');
    const fo = await waitEvent((e) => e.type === 'failover', 15_000, 'failover');
    expect(events.some((e) => e.type === 'note' && /checkpoint link cut at the breakpoint: the primary ended there/.test(e.message))).toBe(true);
    // the rest of the blob never reached the secondary: it never held checkpoint `next`
    expect(events.some((e) => e.type === 'phase' && e.role === 'secondary' && e.phase === 'S6' && e.checkpoint === next)).toBe(false);
    expect(fo.type === 'failover' && fo.resumedFrom).toBe(next - 1);
    const addr = pair.clientAddress('secondary');
    const client = await GuestClient.connect(addr.host, addr.port, 5000);
    const res = (await client.request({ op: 'balances' }, 10_000)).response;
    client.close();
    expect(res.seq).toBe(4); // the three transfers were replicated before the crash
    expect((res.balances as number[]).slice(0, 2)).toEqual([994, 1006]);
    const state = await pair.state('secondary', 10_000);
    expect(state.mode).toBe('failed-over');
    expect(state.invariants.ok).toBe(true);
  }, 60_000);
});
