import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rebuildReports } from '../../reports/index.ts';
import type { RunJson } from '../../harness/model/run.ts';
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
