// The public entry points on real runs from the CLI: an empty run (a shard with no cases) and
// writeReports / rebuildReports giving the same files.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunJson } from '../../harness/model/run.ts';
import { REPORT_FILES, rebuildReports, writeReports } from '../../reports/index.ts';
import { realRun, type RealRun } from './fixtures/real-run.ts';

describe('reports of an empty real run (a shard holding no case)', () => {
  let run: RealRun;
  beforeAll(async () => { run = await realRun(['--suite', 'smoke', '--shard', '50/50', '--seed', '5']); }, 180_000);
  afterAll(async () => { await run?.dispose(); });

  test('the run wrote all three reports, and they say there was nothing to run', async () => {
    const runJson = JSON.parse(await readFile(join(run.dir, 'run.json'), 'utf8')) as RunJson;
    expect(runJson.cases, run.output).toEqual([]);
    const [page, junit, summary] = await Promise.all(REPORT_FILES.map((f) => readFile(join(run.dir, f), 'utf8')));
    expect(page).toContain('No cases in this run, so the matrix is empty.');
    expect(page).not.toContain('td class="cell');
    const doc = new XMLParser({ ignoreAttributes: false }).parse(junit!);
    expect(doc.testsuites['@_tests']).toBe('0');
    expect(summary).toContain('| 0 | 0 | 0 |');
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
    await writeReports(run.dir);
    expect(await readFile(files[2]!, 'utf8')).toBe(before[2]);
  });
});
