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
  expect(summaryMd(run, clean.dir, ['x'])).toContain('**Partial run**: stopped before it finished; 5 cases stored, 1 without events');
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
