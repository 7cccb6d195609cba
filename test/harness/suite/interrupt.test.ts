// SIGINT in the middle of a run: the current case heals and reaps, run.json keeps the finished
// cases, the exit code is 130, and no process the run started is left.
import { existsSync, readFileSync } from 'node:fs';
import { execa } from 'execa';
import { expect, test } from 'vitest';
import { BIN, descendants, latestRun, outDir, readRun } from './cli-run.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('SIGINT stops the run cleanly', async () => {
  const out = outDir();
  const child = execa(process.execPath, [BIN, 'run', '--suite', 'phase-matrix', '--seed', '3', '--out', out], { reject: false, env: { CI: 'true' } });
  const seen = new Set<number>();
  const deadline = Date.now() + 90_000;
  // wait until at least one case finished, remembering every process the run started
  for (;;) {
    for (const p of descendants(child.pid!)) seen.add(p);
    if (existsSync(`${latestRun(out)}/run.json`) && readRun(latestRun(out)).cases.length >= 1) break;
    if (Date.now() > deadline) throw new Error('no case finished within 90 s');
    await sleep(100);
  }
  await sleep(400); // land inside the next case
  for (const p of descendants(child.pid!)) seen.add(p);
  child.kill('SIGINT');
  const r = await child;
  expect(r.exitCode).toBe(130);
  const run = readRun(latestRun(out));
  expect(run.cases.length).toBeGreaterThanOrEqual(1);
  expect(run.partial).toBe(true); // interrupted: the suite had cases it never ran
  expect(run.cases.every((c) => ['pass', 'fail', 'unknown'].includes(c.verdict))).toBe(true);
  expect(run.summary.pass + run.summary.fail + run.summary.unknown).toBe(run.cases.length);
  expect(seen.size).toBeGreaterThan(0);
  const alive = [...seen].filter((p) => existsSync(`/proc/${p}`) && !/\) Z /.test(safeStat(p)));
  expect(alive).toEqual([]);
}, 150_000);

function safeStat(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return ') Z ';
  }
}
