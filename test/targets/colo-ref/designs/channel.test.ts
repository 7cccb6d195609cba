// ram-channels=N through the real CLI: a fault on one RAM channel (its own proxy on the fault network)
// is a case of its own; losing that one channel loses the checkpoint in flight, as the main link would.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { cli, latestRun, outDir, readRun } from '../../../harness/suite/cli-run.ts';

test('a reset / a cut on RAM channel 1 lands mid-RAM, the checkpoint in flight is lost, the primary goes on alone', async () => {
  const out = outDir();
  const ids = ['P6-reset-ram1-cp1', 'S3-limit_data-ram1-up-cp1-8192b'];
  const r = await cli(['run', '--suite', 'phase-matrix', '-o', 'ram-channels=2', '--case', ids.join(','), '--seed', '1', '--out', out]);
  expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
  const run = readRun(latestRun(out));
  expect(run.cases.map((c) => [c.id, c.verdict, c.landedInPhase])).toEqual(ids.map((id) => [id, 'pass', true]));
  for (const c of run.cases) {
    expect(c.case.faults).toEqual([expect.objectContaining({ link: 'ram', channel: 1 })]);
    const events = readFileSync(join(latestRun(out), 'cases', c.id, 'events.jsonl'), 'utf8').trim().split('\n')
      .map((l) => JSON.parse(l) as { type: string; role?: string; n?: number; t: number });
    const injected = events.find((e) => e.type === 'fault-inject')!;
    // a reset at P6 kills checkpoint 1 in flight; limit_data cuts after 8 KiB, maybe in a later checkpoint
    if (c.id.startsWith('P6-reset')) {
      expect(events.some((e) => e.type === 'checkpoint' && e.role === 'secondary' && e.n === 1), c.id).toBe(false);
    }
    expect(events.some((e) => e.type === 'standalone' && e.t > injected.t), c.id).toBe(true);
  }
}, 120_000);
