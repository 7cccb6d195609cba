// Faults that land where they say, against the fixed QEMU: a hung secondary is reported stalled on
// its own side; QEMU's own view is recorded at the breakpoint; a bare
// x-colo-lost-heartbeat reaches a secondary inside its load; a secondary crash at P9 lands before
// its LOADED, and is worded as an exit, not a hang.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { findBuiltQemu } from '../../../targets/qemu/build.ts';
import { findGuest } from '../../../targets/qemu/guest/build.ts';
import { startStandalonePair, type StandalonePair } from './standalone.ts';
import type { TargetEvent } from '../../../core/model/target.ts';
import { signalGroup } from '../../../faults/process.ts';

const qemu = (await findGuest().catch(() => null)) ? await findBuiltQemu() : null;
const lastCheckpoint = (events: readonly TargetEvent[]): number => Math.max(...events.flatMap((e) => (e.type === 'phase' && e.role === 'primary' ? [e.checkpoint] : [])));
const phaseSeen = (events: readonly TargetEvent[], role: string, phase: string, n: number): boolean =>
  events.some((e) => e.type === 'phase' && e.role === role && e.phase === phase && e.checkpoint === n);

describe.skipIf(!qemu)(`QEMU alone: faults at their byte, QEMU's view (fixed QEMU${qemu ? '' : ' or guest not built'})`, () => {
  let t: StandalonePair | null = null;
  beforeAll(async () => { t = await startStandalonePair({ qemu: qemu!, checkpointDelay: 500, accounts: 4, manager: 'off', stallMs: 1500 }); }, 90_000);
  afterAll(async () => { await t?.close(); }, 30_000);

  test('a secondary hung at S3 is reported stalled on its own side (QMP silent, worded as a hang) and goes on when continued', async () => {
    const { pair, events, waitEvent } = t!;
    const n = lastCheckpoint(events) + 2;
    await pair.arm('secondary', 'S3', n);
    await waitEvent((e) => e.type === 'paused' && e.phase === 'S3' && e.checkpoint === n, 20_000, `a pause at S3 of checkpoint ${n}`);
    // QEMU's view of both sides was taken at the breakpoint, before the pause was reported
    const views = events.filter((e) => e.type === 'view' && e.when === 'at the S3 breakpoint');
    expect(views.map((v) => v.type === 'view' && v.role).sort()).toEqual(['primary', 'secondary']);
    expect(views.every((v) => v.type === 'view' && typeof v.view.status === 'string')).toBe(true);
    const from = events.length;
    signalGroup(pair.pid('secondary')!, 'SIGSTOP');
    try {
      await pair.continue('secondary');
      const mine = (e: TargetEvent, re: RegExp): boolean => e.type === 'stall' && e.role === 'secondary' && events.indexOf(e) >= from && re.test(e.message);
      const s = await waitEvent((e) => mine(e, /^checkpoint \d+ stalled/), 10_000, 'a stall of the secondary');
      // (bytes the primary sent after the breakpoint reach the hung secondary's socket: S5 "reached" it)
      expect(s.type === 'stall' && s.message).toMatch(new RegExp(`^checkpoint ${n} stalled: the secondary stopped at S[35] of checkpoint ${n}.*secondary QMP does not answer`));
      await waitEvent((e) => mine(e, /did not answer for 1500 ms \(hung\?\)/), 5_000, 'the hang worded as a hang');
      // the hung secondary never acknowledged the checkpoint
      expect(phaseSeen(events, 'secondary', 'S6', n)).toBe(false);
    } finally {
      signalGroup(pair.pid('secondary')!, 'SIGCONT');
    }
    await waitEvent((e) => e.type === 'checkpoint' && e.role === 'secondary' && e.n === n, 15_000, `checkpoint ${n} applied after the secondary went on`);
  }, 60_000);

  test('a bare x-colo-lost-heartbeat reaches a secondary stopped inside its load: it leaves COLO, the primary sees the link break', async () => {
    const { pair, events, waitEvent } = t!;
    const n = lastCheckpoint(events) + 2;
    await pair.arm('secondary', 'S7b', n);
    await waitEvent((e) => e.type === 'paused' && e.phase === 'S7b' && e.checkpoint === n, 20_000, `a pause at S7b of checkpoint ${n}`);
    await pair.manage('secondary', 'lost-heartbeat');
    await pair.continue('secondary');
    await waitEvent((e) => e.type === 'note' && /^x-colo-lost-heartbeat to the secondary: answered/.test(e.message), 10_000, 'the answer to x-colo-lost-heartbeat');
    const exit = await waitEvent((e) => e.type === 'view' && e.role === 'secondary' && e.when === 'COLO_EXIT', 10_000, 'COLO_EXIT on the secondary');
    // request, or error when the broken link wins the race (7.2 reports whichever state failover is in)
    expect(exit.type === 'view' && exit.view['colo-mode']).toBe('secondary');
    expect(['request', 'error']).toContain(exit.type === 'view' && exit.view['colo-reason']);
    await waitEvent((e) => e.type === 'view' && e.role === 'primary' && e.when === 'COLO_EXIT', 10_000, 'COLO_EXIT on the primary');
  }, 60_000);
});

describe.skipIf(!qemu)(`with the manager: a secondary crash at P9 (fixed QEMU${qemu ? '' : ' or guest not built'})`, () => {
  let t: StandalonePair | null = null;
  beforeAll(async () => { t = await startStandalonePair({ qemu: qemu!, checkpointDelay: 500, accounts: 4 }); }, 90_000);
  afterAll(async () => { await t?.close(); }, 30_000);

  test('lands before the secondary\'s LOADED; reported as an exit (not "hung?"); the primary runs alone, QEMU\'s view after it recorded', async () => {
    const { pair, events, waitEvent } = t!;
    const n = lastCheckpoint(events) + 2;
    await pair.arm('primary', 'P9', n);
    await waitEvent((e) => e.type === 'paused' && e.phase === 'P9' && e.checkpoint === n, 20_000, `a pause at P9 of checkpoint ${n}`);
    signalGroup(pair.pid('secondary')!, 'SIGKILL');
    await pair.continue('primary');
    await waitEvent((e) => e.type === 'standalone', 15_000, 'the primary running alone');
    // the secondary never sent LOADED for checkpoint n: it was stopped as its RECEIVED left it
    expect(phaseSeen(events, 'secondary', 'S8', n)).toBe(false);
    expect(phaseSeen(events, 'primary', 'P11', n)).toBe(false);
    expect(events.some((e) => e.type === 'exit' && e.role === 'secondary')).toBe(true);
    expect(events.filter((e) => e.type === 'stall' && /hung/.test(e.message))).toEqual([]);
    const after = events.find((e) => e.type === 'view' && e.role === 'primary' && e.when === 'after failover');
    expect(after?.type === 'view' && after.view.status).toBe('running');
  }, 60_000);
});
