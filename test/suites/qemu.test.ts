// The QEMU suites end to end through the CLI, against the fixed QEMU build and the tiny guest:
// qemu-smoke passes whole (CI's QEMU gate); qemu-manager shows QEMU alone next to the manager.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findBuiltQemu } from '../../targets/qemu/build.ts';
import { findGuest } from '../../targets/qemu/guest/build.ts';
import { cli, latestRun, outDir, readRun } from '../harness/suite/cli-run.ts';

const qemu = (await findGuest().catch(() => null)) ? await findBuiltQemu() : null;

describe.skipIf(!qemu)(`QEMU suites (fixed QEMU${qemu ? '' : ' or guest not built: run .ci/qemu-setup'})`, () => {
  test('qemu-smoke: every case passes with the harness as manager, each fault landed in its phase', async () => {
    const out = outDir();
    const r = await cli(['run', '--suite', 'qemu-smoke', '--target', 'qemu', '--seed', '5', '--out', out], 300_000);
    const run = readRun(latestRun(out));
    expect(run.cases.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}: ${c.verdict} ${JSON.stringify(c.violations)} ${c.error ?? ''}`)).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(run.cases).toHaveLength(5);
    expect(run.cases.filter((c) => !c.landedInPhase).map((c) => `${c.id} landed at ${JSON.stringify(c.landed)}`)).toEqual([]);
    // COLO went through several checkpoints, the replication case reached checkpoint 6
    const repl = run.cases.find((c) => c.id === 'P0-checkpoint-command-primary-cp6')!;
    expect(repl.checkpoints.filter((s) => s.n >= 1 && s.downtimeMs !== undefined).length).toBeGreaterThanOrEqual(6);
  }, 330_000);

  test('qemu-manager: without a manager a primary crash leaves nobody serving; with it the secondary serves', async () => {
    const out = outDir();
    const ids = ['P4-crash-primary-cp2-managed', 'P4-crash-primary-cp2-alone'];
    const r = await cli(['run', '--suite', 'qemu-manager', '--target', 'qemu', '--seed', '5', '--case', ids.join(','), '--out', out], 200_000);
    const run = readRun(latestRun(out));
    const by = new Map(run.cases.map((c) => [c.id, c]));
    const managed = by.get(ids[0]!)!;
    const alone = by.get(ids[1]!)!;
    expect(managed.verdict, JSON.stringify(managed.violations)).toBe('pass');
    expect(alone.verdict).toBe('fail');
    // QEMU alone: nobody serves (so consistency cannot be read), no split brain; only liveness fails
    expect(alone.checks.filter((k) => k.verdict === 'fail').map((k) => k.check)).toEqual(['liveness']);
    expect(alone.violations[0]!.message).toMatch(/the survivor \(secondary\) did not answer a client/);
    expect(r.exitCode).toBe(1);
    const md = readFileSync(join(latestRun(out), 'summary.md'), 'utf8');
    expect(md).toContain('| with manager | 1 | 0 | 0 | none |');
    expect(md).toContain('| QEMU alone | 0 | 1 | 0 | liveness (1) |');
    expect(md).not.toContain('possible harness bug');
  }, 240_000);
});
