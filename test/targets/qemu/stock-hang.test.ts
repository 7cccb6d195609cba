// Debian's stock QEMU 7.2 under TCG: its primary deadlocks at an early checkpoint (the BQL race the
// project's patch fixes; usually checkpoint 1) and its secondary's guest often crashes first (no
// TLB/TB flush). The target must report either in bounded time, where it stopped, and a run must
// judge the hang a liveness failure.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { STOCK_QEMU } from '../../../targets/qemu/paths.ts';
import { startStandalonePair } from './standalone.ts';
import { findGuest } from '../../../targets/qemu/guest/build.ts';
import { findBuiltQemu } from '../../../targets/qemu/build.ts';
import { cli, latestRun, outDir, readRun } from '../../harness/suite/cli-run.ts';
import { WATCH_CP, WATCH_ID } from '../../../suites/qemu-smoke.ts';

const guest = await findGuest().catch(() => null);
const fixed = await findBuiltQemu();
// the deadlock is a race: usually checkpoint 1, under load seen as late as checkpoint 5 (CI, stop 9)
const EARLY = 6;
const skip = !existsSync(STOCK_QEMU) ? 'qemu-system-x86 not installed' : !guest ? 'guest not built: run .ci/qemu-setup' : '';

describe.skipIf(skip !== '')(`stock QEMU (${skip || STOCK_QEMU})`, () => {
  // a stock pair breaks in one of two ways, which one is a race: the primary deadlocks (fix 1), or
  // the secondary's guest resets or panics right after checkpoint 1 (it does so behind a fixed
  // secondary too, so the stock primary's unlocked save is the likely cause). The stall's details
  // are checked on the first of up to 5 starts that shows it; when none does, the test says so and
  // skips (the next test and the CLI test still judge the stock binary every run).
  test('the stock primary is reported stalled at an early checkpoint, with its phase', async (ctx) => {
    const others: string[] = [];
    for (let attempt = 1; attempt <= 5; attempt++) {
      const t = await startStandalonePair({ qemu: STOCK_QEMU, checkpointDelay: 500, stallMs: 3000, accounts: 4, manager: 'off' });
      try {
        const seen = (): string => JSON.stringify(t.events.filter((x) => x.type === 'error' || x.type === 'stall' || x.type === 'exit'));
        const e = await t.waitEvent((x) => (x.type === 'stall' && /stalled/.test(x.message)) || (x.type === 'exit' && x.role === 'secondary'), 45_000, 'a stall or the secondary\'s exit').catch((err: Error) => { throw new Error(`${err.message}; events: ${seen()}`); });
        if (e.type === 'stall') return await checkStall(t, e);
        await t.waitEvent((x) => x.type === 'error' && /the secondary's guest (reset|kernel)/.test(x.message), 5_000, 'the reason the secondary exited');
        others.push(seen());
      } finally {
        await t.close();
      }
    }
    ctx.skip(`the secondary went first in 5 starts: ${others.join(' / ')}`);
  }, 360_000);

  test('a stock pair breaks at an early checkpoint, and the target says how (primary stall, or the secondary guest crashing)', async () => {
    const t = await startStandalonePair({ qemu: STOCK_QEMU, checkpointDelay: 500, stallMs: 3000, accounts: 4, manager: 'off' });
    try {
      const seen = (): string => JSON.stringify(t.events.filter((x) => x.type === 'error' || x.type === 'stall' || x.type === 'exit'));
      const e = await t.waitEvent((x) => (x.type === 'stall' && /stalled/.test(x.message)) || (x.type === 'error' && /the secondary's guest (reset|kernel)/.test(x.message)), 45_000, 'a stall or a secondary guest crash').catch((err: Error) => { throw new Error(`${err.message}; events: ${seen()}`); });
      if (e.type === 'stall') await checkStall(t, e);
      else expect(t.events.some((x) => x.type === 'exit' && x.role === 'secondary' && x.code === 0)).toBe(true);
      // either way it happened within the first checkpoints
      const cps = t.events.filter((x) => x.type === 'checkpoint' && x.role === 'secondary').map((x) => (x as { n: number }).n);
      expect(Math.max(0, ...cps), seen()).toBeLessThanOrEqual(EARLY);
    } finally {
      await t.close();
    }
  }, 120_000);

  async function checkStall(t: Awaited<ReturnType<typeof startStandalonePair>>, e: Extract<Awaited<ReturnType<typeof t.waitEvent>>, { type: 'stall' }>): Promise<void> {
    const seen = (): string => JSON.stringify(t.events.filter((x) => x.type === 'error' || x.type === 'stall' || x.type === 'exit'));
    expect(e.role).toBe('primary');
    expect(e.checkpoint, seen()).toBeGreaterThanOrEqual(1);
    expect(e.checkpoint, seen()).toBeLessThanOrEqual(EARLY);
    expect(e.forMs).toBeGreaterThanOrEqual(3000);
    expect(e.message).toMatch(new RegExp(`^checkpoint ${e.checkpoint} stalled: the primary stopped at ${e.phase} of checkpoint ${e.checkpoint}`));
    expect(e.message).toContain('primary QMP does not answer');
    // the secondary got that checkpoint: it holds it whole
    expect(t.events.some((x) => x.type === 'phase' && x.role === 'secondary' && x.phase === 'S6' && x.checkpoint === e.checkpoint)).toBe(true);
    // the manager is off: nobody failed over
    expect(t.events.some((x) => x.type === 'failover' || x.type === 'standalone')).toBe(false);
  }

  test('colo-chaos run --qemu <stock>: the fault-free watch case fails on the stall (or the secondary guest crashing), naming where', async () => {
    const out = outDir();
    const r = await cli(['run', '--suite', 'qemu-smoke', '--target', 'qemu', '--qemu', STOCK_QEMU, '--case', WATCH_ID, '--land-timeout', '10s', '--out', out], 150_000);
    const run = readRun(latestRun(out));
    const c = run.cases[0]!;
    const say = `${JSON.stringify(c.violations)} ${c.error ?? ''}`;
    expect(r.exitCode, r.stderr).toBe(1);
    expect(c.verdict, say).toBe('fail');
    expect(c.case.options?.qemu).toBe(STOCK_QEMU);
    expect(run.targetConfig.options).toEqual({ qemu: STOCK_QEMU });
    expect((run.targetConfig.timing as { landMs?: number }).landMs).toBe(10_000);
    // the watch's one fault is a benign checkpoint-now: nothing injected explains a stall
    const stall = c.violations.find((v) => v.check === 'liveness' && /stalled/.test(v.message));
    const guest = c.violations.find((v) => v.check === 'guest-health' && /^the secondary's guest/.test(v.message));
    expect(stall ?? guest, say).toBeDefined();
    if (stall) {
      // a deadlock is worded as a hang (QMP silent while the process runs), never as a crash
      expect(stall.message, say).toMatch(/^the primary stalled at P\d+ of checkpoint \d+ with no fault injected \(no progress for \d+ ms\)/);
      // (the stall check names it; or the QMP heartbeat, whichever saw it first)
      expect(stall.message, say).toMatch(/primary QMP does not answer|the primary's QMP did not answer for \d+ ms \(hung\?\)/);
      const cp = Number(/of checkpoint (\d+)/.exec(stall.message)![1]);
      expect(cp, say).toBeLessThan(WATCH_CP);
      expect(readFileSync(join(latestRun(out), 'summary.md'), 'utf8')).toMatch(/stalled at P\d+ of checkpoint/);
    }
    // the same case, same seed, against the fixed build: the finding is gone
    if (fixed) {
      const again = await cli(['repro', latestRun(out), c.id, '--qemu', fixed, '--out', out], 150_000);
      expect(again.stdout, again.stderr).toMatch(new RegExp(`^${c.id}: pass$`, 'm'));
      expect(again.exitCode).toBe(0);
      expect(readRun(join(out, 'repro', 'latest')).cases[0]!.case.options?.qemu).toBe(fixed);
    }
  }, 300_000);
});
