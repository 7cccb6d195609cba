// The public entry points on real runs from the CLI: a run in which no case ran (a time budget
// spent before the first case) and rebuildReports giving the same files again.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunJson } from '../../core/model/run.ts';
import { REPORT_FILES, rebuildReports } from '../../reports/index.ts';
import { realRun, type RealRun } from './fixtures/real-run.ts';

describe('reports of a real run in which no case ran (a 1 ms time budget)', () => {
  let run: RealRun;
  beforeAll(async () => { run = await realRun(['--suite', 'smoke', '--time-budget', '1ms', '--seed', '5']); }, 180_000);
  afterAll(async () => { await run?.dispose(); });

  test('the run wrote all three reports, and they count every case as not run', async () => {
    const runJson = JSON.parse(await readFile(join(run.dir, 'run.json'), 'utf8')) as RunJson;
    expect(runJson.cases, run.output).toEqual([]);
    expect(runJson.skipped?.map((s) => s.reason)).toEqual(Array(8).fill('time-budget'));
    expect(runJson.summary).toEqual({ pass: 0, fail: 0, unknown: 0, interrupted: 0, skipped: 8 });
    expect(run.output).toMatch(/0 cases: 0 pass, 0 fail, 0 unknown; 8 not run \(time budget\)/);
    const [page, junit, summary] = await Promise.all(REPORT_FILES.map((f) => readFile(join(run.dir, f), 'utf8')));
    expect(page).toContain('No cases in this run, so the matrix is empty.');
    expect(page).not.toContain('td class="cell');
    const doc = new XMLParser({ ignoreAttributes: false }).parse(junit!);
    expect(doc.testsuites['@_tests']).toBe('8');
    expect(doc.testsuites['@_skipped']).toBe('8');
    expect(junit!.match(/<skipped message="not run: the time budget was spent"\/>/g)).toHaveLength(8);
    expect(summary).toContain('| 0 | 0 | 0 | 0 | 8 |');
    expect(summary).toContain('8 not run (time budget)');
    expect(summary).toContain('No checkpoint completed.');
  });

  test('rebuildReports rewrites the same files from the store (content equal, files replaced)', async () => {
    const before = await Promise.all(REPORT_FILES.map((f) => readFile(join(run.dir, f), 'utf8')));
    const inodes = await Promise.all(REPORT_FILES.map(async (f) => (await stat(join(run.dir, f))).ino));
    const { files } = await rebuildReports(run.dir);
    expect(files).toEqual(REPORT_FILES.map((f) => join(run.dir, f)));
    expect(await Promise.all(files.map((f) => readFile(f, 'utf8')))).toEqual(before);
    // written by rename, so each is a new inode
    const after = await Promise.all(files.map(async (f) => (await stat(f)).ino));
    after.forEach((ino, i) => expect(ino).not.toBe(inodes[i]));
  });
});
