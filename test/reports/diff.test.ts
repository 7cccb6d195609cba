import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { diffRuns } from '../../reports/index.ts';
import { fakeRun } from './fixtures/fake-run.ts';

let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'colo-chaos-diff-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

test('diff names newly failing, newly passing, landed elsewhere, and cases in one run only', async () => {
  const a = await fakeRun(join(root, 'a'), { cases: 20, failEvery: 0 });
  const b = await fakeRun(join(root, 'b'), { cases: 20, failEvery: 0 });
  const runA = await a.readRun();
  const runB = await b.readRun();
  const [c0, c1, c2, c3] = runB.cases.filter((c) => c.verdict === 'pass').map((c) => c.id);
  const edit = (run: typeof runA, id: string, f: (c: (typeof runA.cases)[number]) => void): void => f(run.cases.find((c) => c.id === id)!);
  edit(runB, c0!, (c) => { c.verdict = 'fail'; c.violations = [{ check: 'liveness', message: 'no answer within 3000 ms' }]; });
  edit(runA, c1!, (c) => { c.verdict = 'fail'; });
  edit(runB, c2!, (c) => { c.landed = { phase: 'P7', checkpoint: 3 }; });
  edit(runB, c3!, (c) => { c.landed = null; });
  runA.cases.push({ ...runA.cases[0]!, id: 'gone' });
  runB.cases.push({ ...runB.cases[0]!, id: 'new' });
  await a.writeRun(runA);
  await b.writeRun(runB);
  const d = await diffRuns(a.dir, b.dir);
  // 'new' copies a case that fails in B: only in B and failing is newly failing too
  expect(d.newlyFailing).toEqual([c0!, 'new'].sort());
  expect(d.newlyPassing).toEqual([c1]);
  expect(d.landedDifferently).toEqual(expect.arrayContaining([
    { id: c2, a: `${runA.cases.find((c) => c.id === c2)!.phase}#2`, b: 'P7#3' },
    { id: c3, a: expect.any(String), b: null },
  ]));
  expect(d.landedDifferently).toHaveLength(2);
  expect(d.onlyInA).toEqual(['gone']);
  expect(d.onlyInB).toEqual(['new']);
  expect(d.text).toContain(`newly failing (2):`);
  expect(d.text).toContain(`  ${c0}: no answer within 3000 ms\n`);
  expect(d.text).toContain('never fired');
});

test('diff of a run with itself is empty; a missing run dir is named', async () => {
  const a = await fakeRun(join(root, 'c'), { cases: 8 });
  const d = await diffRuns(a.dir, a.dir);
  expect([d.newlyFailing, d.newlyPassing, d.landedDifferently, d.onlyInA, d.onlyInB, d.otherChanges].every((x) => x.length === 0)).toBe(true);
  expect(d.text).toContain('no changes');
  await expect(diffRuns(a.dir, join(root, 'missing'))).rejects.toThrow(/no such run dir: .*missing/);
});

test('colo-chaos diff exits 1 when cases newly fail in the second run, 0 otherwise (a nightly gate)', async () => {
  const { execa } = await import('execa');
  const bin = new URL('../../bin/colo-chaos.js', import.meta.url).pathname;
  const clean = await fakeRun(join(root, 'gate-clean'), { cases: 12, failEvery: 0 });
  const failing = await fakeRun(join(root, 'gate-failing'), { cases: 12, failEvery: 4 });
  const worse = await execa(process.execPath, [bin, 'diff', clean.dir, failing.dir], { reject: false, timeout: 30_000 });
  expect(worse.exitCode).toBe(1);
  expect(worse.stdout).toMatch(/newly failing \(3\)/);
  const better = await execa(process.execPath, [bin, 'diff', failing.dir, clean.dir], { reject: false, timeout: 30_000 });
  expect(better.stdout).toMatch(/newly passing \(3\)/);
  expect(better.exitCode).toBe(0);
}, 60_000);

test('diff: a failing case only in the second run is newly failing (exit 1); a partial run is named', async () => {
  const { execa } = await import('execa');
  const bin = new URL('../../bin/colo-chaos.js', import.meta.url).pathname;
  const a = await fakeRun(join(root, 'only-a'), { cases: 6, failEvery: 0 });
  const b = await fakeRun(join(root, 'only-b'), { cases: 6, failEvery: 0 });
  const runB = await b.readRun();
  runB.cases.push({ ...runB.cases[0]!, id: 'brand-new', verdict: 'fail', violations: [{ check: 'split-brain', message: 'both released' }] });
  runB.partial = true;
  await b.writeRun(runB);
  const d = await diffRuns(a.dir, b.dir);
  expect(d.newlyFailing).toEqual(['brand-new']);
  expect(d.partial).toEqual({ a: false, b: true });
  expect(d.text).toContain('brand-new: both released (only in B)');
  expect(d.text).toMatch(/B is a partial run/);
  const r = await execa(process.execPath, [bin, 'diff', a.dir, b.dir], { reject: false, timeout: 120_000 });
  expect(r.stdout).toMatch(/newly failing \(1\)/);
  expect(r.exitCode).toBe(1);
}, 150_000);
