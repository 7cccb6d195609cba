// The newer QEMU of the version matrix (Debian's 10.0 + the project's patch, built by .ci/qemu-setup):
// one short qemu-smoke case through the CLI pins that it enters COLO, checkpoints, and fails over.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { findNewerQemu } from '../../targets/qemu/build-newer.ts';
import { findGuest } from '../../targets/qemu/guest/build.ts';
import { cli, latestRun, outDir, readRun } from '../harness/suite/cli-run.ts';

const newer = (await findGuest().catch(() => null)) ? await findNewerQemu(true) : null;

describe.skipIf(!newer)(`the newer QEMU (${newer?.ok.debianVersion ?? 'not built: run .ci/qemu-setup'})`, () => {
  test('enters COLO, checkpoints, and on a primary crash the secondary takes over and serves', async () => {
    const out = outDir();
    const id = 'P0-crash-primary-cp2';
    const r = await cli(['run', '--suite', 'qemu-smoke', '--target', 'qemu', '--qemu', 'newer', '--case', id, '--seed', '5', '--out', out], 150_000);
    const dir = latestRun(out);
    const c = readRun(dir).cases[0]!;
    expect(c.verdict, `${JSON.stringify(c.violations)} ${c.error ?? ''}`).toBe('pass');
    expect(r.exitCode).toBe(0);
    expect(c.case.options?.qemu).toBe('newer');
    expect(c.landedInPhase, JSON.stringify(c.landed)).toBe(true);
    const events = readFileSync(join(dir, 'cases', id, 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; role?: string; n?: number; resumedFrom?: number; message?: string });
    // whole checkpoints on both sides (the stream decoder reads 10.0's), then the secondary's failover from one of them
    expect(events.filter((e) => e.type === 'checkpoint' && e.role === 'secondary' && e.n! >= 1).length).toBeGreaterThanOrEqual(1);
    const failover = events.find((e) => e.type === 'failover' && e.role === 'secondary');
    expect(failover?.resumedFrom).toBeGreaterThanOrEqual(1);
    expect(events.filter((e) => e.type === 'error' && /decoder/.test(e.message ?? ''))).toEqual([]);
  }, 180_000);
});
