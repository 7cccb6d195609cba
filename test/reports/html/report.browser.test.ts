// Reports of real runs: a planted-bug run (junit, summary, and report.html in Debian chromium)
// and a large synthetic one (600 cases, hostile ids) in chromium. Screenshots go to test-output/.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunJson } from '../../../core/model/run.ts';
import { rebuildReports } from '../../../reports/index.ts';
import { worstVerdict } from '../../../reports/matrix.ts';
import { HAVE_CHROMIUM, NO_CHROMIUM_REASON, launch, openReport } from '../fixtures/browser.ts';
import { fakeRun } from '../fixtures/fake-run.ts';
import { realRun, ROOT, type RealRun } from '../fixtures/real-run.ts';

const SHOTS = join(ROOT, 'test-output');

if (!HAVE_CHROMIUM) test.skip(`browser tests skipped: ${NO_CHROMIUM_REASON}`, () => {});

/** The planted bug's canary suite: every case a real run against the reference pair; one fails. */
const FAILING_RUN = ['--suite', 'bugs', '--bug', 'early-release', '--seed', '7'];

describe('reports of a real run with failing cases (planted bug)', () => {
  let browser: Browser | undefined;
  let run: RealRun;
  let runJson: RunJson;
  beforeAll(async () => {
    [browser, run] = await Promise.all([HAVE_CHROMIUM ? launch() : undefined, failingRun()]);
    runJson = JSON.parse(await readFile(join(run.dir, 'run.json'), 'utf8')) as RunJson;
    await mkdir(SHOTS, { recursive: true });
  }, 400_000);
  afterAll(async () => { await browser?.close(); await run?.dispose(); });

  test('the run finished and has failing cases', () => {
    expect(runJson.partial).toBe(false);
    expect(runJson.cases.filter((c) => c.verdict === 'fail').length, `the planted bug made no case fail:\n${run.output}`).toBeGreaterThan(0);
  });

  test('junit.xml and summary.md carry every failing case with its violations and repro command', async () => {
    const [junit, summary] = await Promise.all([readFile(join(run.dir, 'junit.xml'), 'utf8'), readFile(join(run.dir, 'summary.md'), 'utf8')]);
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'testcase' || n === 'testsuite' }).parse(junit);
    const cases = doc.testsuites.testsuite[0].testcase as Array<Record<string, any>>;
    expect(cases).toHaveLength(runJson.cases.length);
    for (const c of runJson.cases.filter((x) => x.verdict === 'fail')) {
      const tc = cases.find((x) => x['@_name'] === c.id)!;
      expect(tc.failure['@_type']).toBe([...new Set(c.violations.map((v) => v.check))].join(','));
      for (const v of c.violations) expect(tc.failure['#text']).toContain(v.message.replace(/\s+/g, ' ').slice(0, 60));
      expect(summary).toContain(`npx colo-chaos repro ${run.dir} ${c.id}`);
    }
    expect(summary).toContain(`| ${runJson.summary.pass} | ${runJson.summary.fail} | ${runJson.summary.unknown} |`);
    expect(summary).not.toContain('possible harness bug');
  });

  const inChromium = HAVE_CHROMIUM ? test : test.skip;

  inChromium('the matrix has one cell per (phase, fault, role) present, coloured by the worst verdict', async () => {
    const { page, problems } = await openReport(browser!, join(run.dir, 'report.html'));
    const cells = await page.locator('td.cell').evaluateAll((tds) => tds.map((td) => {
      const d = (td as HTMLElement).dataset;
      return { key: `${d.role}|${d.fault}|${d.phase}`, verdict: d.verdict, n: d.cases!.split(',').length };
    }));
    const expected = new Map<string, RunJson['cases']>();
    for (const c of runJson.cases) expected.set(`${c.role}|${c.fault}|${c.phase}`, [...(expected.get(`${c.role}|${c.fault}|${c.phase}`) ?? []), c]);
    expect(cells.map((c) => c.key).sort()).toEqual([...expected.keys()].sort());
    for (const c of cells) {
      const cases = expected.get(c.key)!;
      expect(c.n).toBe(cases.length);
      expect(c.verdict).toBe(worstVerdict(cases.map((x) => x.verdict)));
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  inChromium('clicking a failing cell shows its timeline with the fault window drawn', async () => {
    const { page, problems } = await openReport(browser!, join(run.dir, 'report.html'));
    await page.screenshot({ path: join(SHOTS, 'report-top.png') });
    const cell = page.locator('td.cell[data-verdict="fail"]').first();
    await cell.click();
    const detail = page.locator('#detail');
    await expect.poll(() => detail.isVisible()).toBe(true);
    const svg = detail.locator('svg.timeline');
    await svg.waitFor({ timeout: 10_000 });
    const win = svg.locator('rect.fault-window').first();
    const box = (await win.boundingBox())!;
    const svgBox = (await svg.boundingBox())!;
    expect(box.width).toBeGreaterThan(0);
    expect(box.x).toBeGreaterThanOrEqual(svgBox.x);
    expect(box.x + box.width).toBeLessThanOrEqual(svgBox.x + svgBox.width + 1);
    const shown = await detail.locator('.case-body').getAttribute('data-case');
    const c = runJson.cases[Number(shown)]!;
    expect(c.verdict).toBe('fail');
    expect(await win.locator('title').textContent()).toContain(c.case.faults[0]!.kind);
    // both replicas' phases, client ops and the checkpoint markers are there too
    expect(await svg.locator('g.phases.primary rect').count()).toBeGreaterThan(0);
    expect(await svg.locator('g.phases.secondary rect').count()).toBeGreaterThan(0);
    expect(await svg.locator('g.ops rect').count()).toBeGreaterThan(0);
    await expect.poll(() => detail.textContent()).toContain(`npx colo-chaos repro ${run.dir} ${c.id}`);
    await detail.screenshot({ path: join(SHOTS, 'report-timeline.png') });
    await page.screenshot({ path: join(SHOTS, 'report-full.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe.skipIf(!HAVE_CHROMIUM)('report.html of 600 synthetic cases in chromium', () => {
  let browser: Browser;
  let root: string;
  let file: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'colo-chaos-browser-'));
    const store = await fakeRun(root, { cases: 600, idOf: (i) => (i === 3 ? `<img src=x onerror=window.pwned=1>-${i}` : `case-${i}`) });
    await rebuildReports(store.dir);
    file = join(store.dir, 'report.html');
    browser = await launch();
  }, 120_000);
  afterAll(async () => { await browser?.close(); await rm(root, { recursive: true, force: true }); });

  test('opens fast, renders a timeline on click, and runs no markup from case ids', async () => {
    const { page, problems } = await openReport(browser, file);
    const loadMs = await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd);
    console.log(`600 cases: report.html loaded in ${loadMs.toFixed(0)} ms`);
    expect(loadMs).toBeLessThan(10_000);
    expect(await page.locator('svg.timeline').count()).toBe(0);
    await page.locator('.open-case', { hasText: '<img src=x onerror=window.pwned=1>-3' }).first().click();
    await page.locator('#detail svg.timeline').waitFor({ timeout: 10_000 });
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#detail .case-body b.mono').textContent()).toBe('<img src=x onerror=window.pwned=1>-3');
    await page.fill('#case-filter', 'hang P6');
    await expect.poll(() => page.locator('#cases tbody tr:not([hidden])').count()).toBeGreaterThan(0);
    expect(await page.locator('#cases tbody tr:not([hidden])').count()).toBeLessThan(600);
    expect(problems).toEqual([]);
    await page.close();
  });
});

/**
 * The canary run; run once more if the pair could not even start (no fail, only unknowns) —
 * the subject here is the report, and it needs a failing case to show.
 */
async function failingRun(): Promise<RealRun> {
  for (let attempt = 1; ; attempt++) {
    const run = await realRun(FAILING_RUN);
    const s = (JSON.parse(await readFile(join(run.dir, 'run.json'), 'utf8')) as RunJson).summary;
    if (s.fail > 0 || s.unknown === 0 || attempt === 3) return run;
    console.log(`attempt ${attempt}: no case failed and ${s.unknown} unknown (the pair did not start?); running again`);
    await run.dispose();
  }
}
