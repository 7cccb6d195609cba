// SIGINT in the middle of a run: the current case heals and reaps and is recorded as
// `interrupted` (no verdict, no invented violation), run.json keeps the finished cases, the cases
// never started are counted, no report says PASS, the exit code is 130, and no process is left.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { expect, test } from 'vitest';
import { BIN, descendants, latestRun, outDir, readRun } from './cli-run.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('SIGINT stops the run cleanly', async () => {
  const out = outDir();
  // --json: the case-start events say exactly when a case is under way
  const child = execa(process.execPath, [BIN, 'run', '--suite', 'phase-matrix', '--seed', '3', '--json', '--out', out], { reject: false, env: { CI: 'true' } });
  const events: Array<Record<string, unknown>> = [];
  let buffered = '';
  child.stdout!.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const l of lines) events.push(JSON.parse(l) as Record<string, unknown>);
  });
  const seen = new Set<number>();
  const deadline = Date.now() + 90_000;
  // wait until one case finished and the next one started, remembering every process the run started
  for (;;) {
    for (const p of descendants(child.pid!)) seen.add(p);
    if (events.filter((e) => e.event === 'case-start').length >= 2 && events.some((e) => e.event === 'verdict')) break;
    if (Date.now() > deadline) throw new Error(`no second case started within 90 s: ${JSON.stringify(events)}`);
    await sleep(50);
  }
  await sleep(300); // inside the second case
  for (const p of descendants(child.pid!)) seen.add(p);
  child.kill('SIGINT');
  const r = await child;
  expect(r.exitCode).toBe(130);
  const run = readRun(latestRun(out));
  const cut = events.filter((e) => e.event === 'case-start')[1]!.id;
  expect(run.partial).toBe(true); // interrupted: the suite had cases it never ran
  expect(run.cases.map((c) => c.id)).toContain(cut);
  const cutCase = run.cases.find((c) => c.id === cut)!;
  expect(cutCase.verdict).toBe('interrupted');
  expect(cutCase.violations).toEqual([]);
  expect(run.cases.filter((c) => c.id !== cut).every((c) => ['pass', 'fail', 'unknown'].includes(c.verdict))).toBe(true);
  const s = run.summary;
  expect(s.pass + s.fail + s.unknown + s.interrupted!).toBe(run.cases.length);
  expect(s.interrupted).toBe(1);
  // the rest of the matrix never started, and says why
  expect(s.skipped).toBeGreaterThan(100);
  expect(run.skipped?.every((k) => k.reason === 'interrupted')).toBe(true);
  const summary = readFileSync(join(latestRun(out), 'summary.md'), 'utf8');
  expect(summary).toMatch(/^# colo-chaos phase-matrix: (INTERRUPTED|FAIL \(partial run\)|UNKNOWN \(partial run\))\n/);
  expect(summary).toContain('1 interrupted');
  expect(readFileSync(join(latestRun(out), 'report.html'), 'utf8')).not.toMatch(/<title>[^<]*PASS/);
  expect(readFileSync(join(latestRun(out), 'junit.xml'), 'utf8')).toContain('<skipped message="interrupted before the case could finish');
  // the NDJSON stream: the cut case's verdict, then the run's end with the exit code
  expect(events.find((e) => e.event === 'verdict' && e.id === cut)?.verdict).toBe('interrupted');
  expect(events.at(-1)).toMatchObject({ event: 'run-end', exitCode: 130, partial: true });
  expect(r.stderr).toMatch(/1 interrupted, \d+ not run \(interrupted\)/);
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
