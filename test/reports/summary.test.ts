import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rebuildReports } from '../../reports/index.ts';
import { SUMMARY_CAP, summaryMd } from '../../reports/summary.ts';
import { fakeRun } from './fixtures/fake-run.ts';

let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'colo-chaos-summary-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

test('summary.md: counts, the first failing cases with repro commands, how many more', async () => {
  const store = await fakeRun(join(root, 'a'), { cases: 200, failEvery: 3 });
  await rebuildReports(store.dir);
  const md = await readFile(join(store.dir, 'summary.md'), 'utf8');
  const run = await store.readRun();
  const bad = run.cases.filter((c) => c.verdict !== 'pass');
  expect(bad.length).toBeGreaterThan(SUMMARY_CAP);
  expect(md).toContain(`| ${run.summary.pass} | ${run.summary.fail} | ${run.summary.unknown} |`);
  expect(md.match(/npx colo-chaos repro /g)).toHaveLength(SUMMARY_CAP);
  expect(md).toContain(`… and ${bad.length - SUMMARY_CAP} more`);
  expect(md).toMatch(/downtime p50 \d+(\.\d+)? ms, p99 \d+(\.\d+)? ms/);
  // no planted bug: every failure is flagged as a possible harness bug
  expect(md).toContain('possible harness bug');
  expect(md.split('\n').length).toBeLessThan(80);
});

test('summary.md of a clean run and of a partial run', async () => {
  const clean = await fakeRun(join(root, 'b'), { cases: 5, failEvery: 0, bug: 'early-release' });
  const run = await clean.readRun();
  run.cases.forEach((c) => { c.verdict = 'pass'; });
  run.summary = { pass: 5, fail: 0, unknown: 0 };
  const md = summaryMd(run, clean.dir);
  expect(md).toMatch(/^# colo-chaos fake: PASS/);
  expect(md).not.toContain('Failing cases');
  run.partial = true;
  expect(summaryMd(run, clean.dir, ['x'])).toContain('**Partial run**: interrupted before it finished; 5 cases stored, 1 without events');
  expect(summaryMd(run, clean.dir)).toMatch(/^# colo-chaos fake: INTERRUPTED/);
});

test('summary.md of an interrupted run never says PASS; it counts interrupted and not-run cases', async () => {
  const store = await fakeRun(join(root, 'c'), { cases: 4, failEvery: 0 });
  const run = await store.readRun();
  run.cases.forEach((c) => { c.verdict = 'pass'; });
  Object.assign(run.cases[3]!, { verdict: 'interrupted', violations: [], error: 'interrupted before the case could finish' });
  run.skipped = [{ id: 'never', phase: 'P3', fault: 'crash', role: 'primary', reason: 'interrupted' }];
  run.summary = { pass: 3, fail: 0, unknown: 0, interrupted: 1, skipped: 1 };
  run.partial = true;
  const md = summaryMd(run, store.dir);
  expect(md).toMatch(/^# colo-chaos fake: INTERRUPTED\n/);
  expect(md).toContain('| 3 | 0 | 0 | 1 | 1 |');
  expect(md).toContain('**Not every case ran to a verdict**: 1 interrupted, 1 not run (interrupted).');
  // an interrupted case is not a failing one
  expect(md).not.toContain('Failing cases');
  // a run killed mid-way (no finishedAt) with nothing failing is INCOMPLETE, never PASS
  delete run.finishedAt;
  run.cases[3]!.verdict = 'pass';
  run.summary = { pass: 4, fail: 0, unknown: 0 };
  delete run.skipped;
  expect(summaryMd(run, store.dir)).toMatch(/^# colo-chaos fake: INCOMPLETE\n/);
});

test('an interrupted case is left out of the checkpoint statistics', async () => {
  const store = await fakeRun(join(root, 'd'), { cases: 2, failEvery: 0 });
  const run = await store.readRun();
  const { checkpointSummary } = await import('../../reports/stats.ts');
  const both = checkpointSummary(run.cases).count;
  run.cases[1]!.verdict = 'interrupted';
  expect(checkpointSummary(run.cases).count).toBe(both - run.cases[1]!.checkpoints.filter((s) => s.n !== 0).length);
  expect(checkpointSummary(run.cases).count).toBeLessThan(both);
});

test('summary.md counts cases the time budget left out', async () => {
  const store = await fakeRun(join(root, 'e'), { cases: 3, failEvery: 0 });
  const run = await store.readRun();
  run.cases.forEach((c) => { c.verdict = 'pass'; });
  run.summary = { pass: 3, fail: 0, unknown: 0, interrupted: 0, skipped: 5 };
  run.skipped = Array.from({ length: 5 }, (_, i) => ({ id: `n${i}`, phase: 'P3' as const, fault: 'crash' as const, role: 'primary' as const, reason: 'time-budget' as const }));
  const md = summaryMd(run, store.dir);
  expect(md).toMatch(/^# colo-chaos fake: PASS\n/);
  expect(md).toContain('5 not run (time budget)');
});

test('summary.md of a changed reference pair points at the target, not at the harness', async () => {
  const store = await fakeRun(join(root, 'changed'), { cases: 10, failEvery: 2 });
  const run = await store.readRun();
  expect(summaryMd(run, store.dir)).toContain('clean reference pair');
  run.versions['colo-ref'] += '+local-changes';
  const md = summaryMd(run, store.dir);
  expect(run.summary.fail).toBeGreaterThan(0);
  expect(md).toContain('colo-ref with local changes to targets/colo-ref (failures point at those changes, not at the harness)');
  expect(md).not.toContain('possible harness bug');
});
