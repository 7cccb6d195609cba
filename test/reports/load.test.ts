import { mkdir, mkdtemp, rm, writeFile, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { loadRun, RunDirError } from '../../reports/load.ts';
import { rebuildReports } from '../../reports/index.ts';
import { fakeRun } from './fixtures/fake-run.ts';

let root: string;
beforeEach(async () => { root = await mkdtemp(join(tmpdir(), 'colo-chaos-load-')); });
afterEach(async () => { await rm(root, { recursive: true, force: true }); });

describe('loadRun', () => {
  test('says which dir has no run.json, and does not write reports there', async () => {
    const dir = join(root, 'empty');
    await mkdir(dir);
    await expect(rebuildReports(dir)).rejects.toThrow(`no run.json in ${dir}`);
    await expect(rebuildReports(dir)).rejects.toBeInstanceOf(RunDirError);
  });

  test('names a missing dir, a file given as a dir, bad JSON and a foreign JSON file', async () => {
    await expect(loadRun(join(root, 'nope'))).rejects.toThrow(/no such run dir: .*nope/);
    await writeFile(join(root, 'file'), 'x');
    await expect(loadRun(join(root, 'file'))).rejects.toThrow(/not a directory/);
    await writeFile(join(root, 'run.json'), '{"schema": 1, "cases": [');
    await expect(loadRun(root)).rejects.toThrow(/run.json in .* is not valid JSON/);
    await writeFile(join(root, 'run.json'), '{"name": "some package"}');
    await expect(loadRun(root)).rejects.toThrow(/not a colo-chaos run: schema is undefined/);
    await writeFile(join(root, 'run.json'), JSON.stringify({ schema: 1, suite: 's', cases: [{ id: 'a', verdict: 'maybe' }] }));
    await expect(loadRun(root)).rejects.toThrow(/case a has verdict "maybe"/);
  });

  test('reads a partial store: cases without events are listed, torn lines skipped', async () => {
    const store = await fakeRun(root, { cases: 6, partial: true, missingEvents: 2 });
    const ids = (await store.readRun()).cases.map((c) => c.id);
    await writeFile(join(store.caseDir(ids[0]!), 'events.jsonl'), '{"t":1,"type":"note","message":"ok"}\n{"t":2,"ty');
    const loaded = await loadRun(store.dir);
    expect(loaded.run.partial).toBe(true);
    expect(loaded.missingEvents).toEqual(ids.slice(4).sort());
    expect(loaded.events.get(ids[0]!)).toHaveLength(1);
    expect(loaded.badLines.get(ids[0]!)).toBe(1);
    expect(loaded.events.get(ids[1]!)!.length).toBeGreaterThan(50);
    await unlink(join(store.caseDir(ids[1]!), 'events.jsonl'));
    expect((await loadRun(store.dir)).missingEvents).toContain(ids[1]);
  });
});
