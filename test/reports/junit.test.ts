import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rebuildReports } from '../../reports/index.ts';
import type { RunJson } from '../../core/model/run.ts';
import { fakeRun } from './fixtures/fake-run.ts';

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name) });
let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'colo-chaos-junit-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

describe('junit.xml', () => {
  test('one testcase per case; fail -> <failure> with the violations, unknown -> <error>', async () => {
    const store = await fakeRun(join(root, 'a'), { cases: 30, bug: 'early-release', messageOf: (i) => `seq ${i} escaped <before> "checkpoint" & \u0007 was held` });
    await rebuildReports(store.dir);
    const text = await readFile(join(store.dir, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    const run = JSON.parse(await readFile(join(store.dir, 'run.json'), 'utf8')) as RunJson;
    const doc = parser.parse(text);
    const suites = doc.testsuites.testsuite;
    expect(suites).toHaveLength(1);
    expect(suites[0]['@name']).toBe('fake');
    const cases = suites[0].testcase as Array<Record<string, any>>;
    expect(cases.map((c) => c['@name'])).toEqual(run.cases.map((c) => c.id));
    expect(Number(suites[0]['@tests'])).toBe(run.cases.length);
    expect(Number(suites[0]['@failures'])).toBe(run.summary.fail);
    expect(Number(suites[0]['@errors'])).toBe(run.summary.unknown);
    for (const c of run.cases) {
      const tc = cases.find((x) => x['@name'] === c.id)!;
      if (c.verdict === 'pass') expect(tc.failure ?? tc.error).toBeUndefined();
      if (c.verdict === 'fail') {
        expect(tc.failure['@type']).toBe('output-commit');
        expect(tc.failure['#text']).toContain(c.violations[0]!.message.replace('\u0007', '\ufffd'));
        expect(tc.failure['#text']).toContain(`npx colo-chaos repro ${store.dir} ${c.id}`);
      }
      if (c.verdict === 'unknown') expect(tc.error['@type']).toBe('unknown');
    }
    expect(run.summary.fail).toBeGreaterThan(0);
    expect(run.summary.unknown).toBeGreaterThan(0);
  });

  test('an empty run is a valid, empty testsuite', async () => {
    const store = await fakeRun(join(root, 'b'), { cases: 0 });
    await rebuildReports(store.dir);
    const doc = parser.parse(await readFile(join(store.dir, 'junit.xml'), 'utf8'));
    expect(doc.testsuites.testsuite[0]['@tests']).toBe('0');
    expect(doc.testsuites.testsuite[0].testcase).toBeUndefined();
  });
});

describe('junit.xml of runs that did not run every case to a verdict, and with --jobs', () => {
  test('an interrupted case and cases never started are <skipped/>; type names each check once; time is wall time', async () => {
    const store = await fakeRun(join(root, 'c'), { cases: 6, failEvery: 0 });
    const run = await store.readRun();
    const [a, b, c] = run.cases;
    // three cases at the same time (--jobs 3): 10 s each, all within the same 10 s
    for (const x of run.cases) { x.startedAt = '2025-01-01T03:00:00.000Z'; x.durationMs = 10_000; }
    run.finishedAt = '2025-01-01T03:00:12.000Z';
    Object.assign(a!, { verdict: 'fail', violations: [{ check: 'liveness', message: 'no answer' }, { check: 'liveness', message: 'still none' }, { check: 'output-commit', message: 'seq 3 escaped' }] });
    Object.assign(b!, { verdict: 'interrupted', violations: [], error: 'interrupted before the case could finish' });
    run.skipped = [{ id: 'later-1', phase: 'P3', fault: 'crash', role: 'primary', reason: 'time-budget' }, { id: 'later-2', phase: 'S3', fault: 'hang', role: 'secondary', reason: 'time-budget' }];
    run.summary = { pass: 4, fail: 1, unknown: 0, interrupted: 1, skipped: 2 };
    await store.writeRun(run);
    await rebuildReports(store.dir);
    const text = await readFile(join(store.dir, 'junit.xml'), 'utf8');
    expect(XMLValidator.validate(text)).toBe(true);
    const doc = parser.parse(text);
    const suite = doc.testsuites.testsuite[0];
    const tc = (id: string) => (suite.testcase as Array<Record<string, any>>).find((x) => x['@name'] === id)!;
    expect(tc(a!.id).failure['@type']).toBe('liveness,output-commit');
    expect(tc(b!.id).skipped['@message']).toMatch(/interrupted/);
    expect(tc(b!.id).failure ?? tc(b!.id).error).toBeUndefined();
    expect(tc('later-1').skipped['@message']).toMatch(/time budget/);
    expect(tc(c!.id).skipped).toBeUndefined();
    expect([suite['@tests'], suite['@skipped'], suite['@failures']]).toEqual(['8', '3', '1']);
    expect(doc.testsuites['@skipped']).toBe('3');
    // wall time: 10 s of overlapping cases, 12 s for the run; never the 60 s sum
    expect(Number(suite['@time'])).toBe(10);
    expect(Number(doc.testsuites['@time'])).toBe(12);
    // a case was cut short: the run is partial, whatever else it found
    expect(doc.testsuites['@name']).toMatch(/: FAIL \(partial run\)$/);
  });
});
