import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { rebuildReports } from '../../../reports/index.ts';
import { fakeRun } from '../fixtures/fake-run.ts';

let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'colo-chaos-page-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

const HOSTILE_ID = '</script><script>window.pwned=1</script>';
const HOSTILE_MSG = '<img src=x onerror="window.pwned=2"> & </style>';

test('report.html is self-contained and carries no markup from case ids or messages', async () => {
  const store = await fakeRun(root, { cases: 12, idOf: (i) => (i === 3 ? HOSTILE_ID.replace(/\//g, '_') + i : `c${i}`), messageOf: () => HOSTILE_MSG });
  await rebuildReports(store.dir);
  const page = await readFile(join(store.dir, 'report.html'), 'utf8');
  // nothing fetched: no external src/href, no @import, no url() outside data:
  expect(page).not.toMatch(/\s(src|href)\s*=\s*["']?(https?:)?\/\//i);
  expect(page).not.toMatch(/@import|url\((?!data:)/i);
  // exactly our script blocks: run data, one timeline per case, the client
  expect(page.match(/<script\b/g)).toHaveLength(12 + 2);
  expect(page).not.toContain(HOSTILE_MSG);
  expect(page).not.toContain('<script>window.pwned');
  expect(page).toContain('&lt;img src=x onerror=&quot;window.pwned=2&quot;&gt; &amp; &lt;/style&gt;');
});

test('a 600-case report is written in bounded time and size', async () => {
  const store = await fakeRun(join(root, 'big'), { cases: 600 });
  const t0 = performance.now();
  await rebuildReports(store.dir);
  const took = performance.now() - t0;
  const size = (await stat(join(store.dir, 'report.html'))).size;
  console.log(`600 cases: reports written in ${took.toFixed(0)} ms, report.html ${(size / 1e6).toFixed(2)} MB`);
  expect(took).toBeLessThan(20_000);
  expect(size).toBeLessThan(20e6);
});

test('a failure on the clean pair is marked as a possible harness bug; with a planted bug it is not', async () => {
  const clean = await fakeRun(join(root, 'clean'), { cases: 30 });
  const planted = await fakeRun(join(root, 'planted'), { cases: 30, bug: 'early-release' });
  await Promise.all([rebuildReports(clean.dir), rebuildReports(planted.dir)]);
  const [a, b] = await Promise.all([clean.dir, planted.dir].map((d) => readFile(join(d, 'report.html'), 'utf8'))) as [string, string];
  const fails = (await clean.readRun()).summary.fail;
  expect(fails).toBeGreaterThan(0);
  expect(a).toContain(`<b>${fails} cases failed on the clean pair.</b>`);
  expect(a.match(/class="cell v-fail suspect"/g)?.length).toBeGreaterThan(0);
  expect(b).not.toContain('failed on the clean pair.</b>');
  expect(b).not.toContain('suspect');
});

test('variants of one cell are separate matrix rows in report.html, escaped like everything else', async () => {
  const store = await fakeRun(join(root, 'variants'), { cases: 2, failEvery: 0 });
  const run = await store.readRun();
  const [a] = run.cases;
  const twin = { ...a!, id: `${a!.id}-alone`, verdict: 'fail' as const, case: { ...a!.case, id: `${a!.id}-alone`, variant: 'QEMU <alone>' } };
  run.cases = [{ ...a!, case: { ...a!.case, variant: 'with manager' } }, twin];
  run.summary = { pass: 1, fail: 1, unknown: 0 };
  await store.writeRun(run);
  await store.writeEvents(twin.id, []);
  await rebuildReports(store.dir);
  const page = await readFile(join(store.dir, 'report.html'), 'utf8');
  expect(page).toContain(`<th class="fault">${a!.fault} · with manager</th>`);
  expect(page).toContain(`<th class="fault">${a!.fault} · QEMU &lt;alone&gt;</th>`);
  expect(page).toMatch(new RegExp(`data-fault="${a!.fault} · QEMU &lt;alone&gt;" data-phase="${a!.phase}" data-verdict="fail"`));
  expect(page).not.toContain('QEMU <alone>');
});
