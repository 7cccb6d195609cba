// The run store: atomic files, latest links, and a run SIGKILLed in the middle still leaves a
// readable store of the cases it finished, from which the reports can be rebuilt.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, readlink, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunJson } from '../../core/model/run.ts';
import { rebuildReports } from '../../reports/index.ts';
import { RunStore } from '../../reports/store.ts';
import { descendants, killAll } from './fixtures/process-tree.ts';
import { CLI, ROOT } from './fixtures/real-run.ts';

let root: string;
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'colo-chaos-store-')); });
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

test('RunStore: runs/<suite>/<timestamp>, latest links, round trips, no temp files left', async () => {
  const a = await RunStore.create(join(root, 'runs'), 'smoke', new Date(Date.UTC(2025, 0, 1)));
  const b = await RunStore.create(join(root, 'runs'), 'smoke', new Date(Date.UTC(2025, 0, 2)));
  expect(a.dir).toBe(join(root, 'runs/smoke/2025-01-01T00-00-00-000Z'));
  expect(await readlink(join(root, 'runs/latest'))).toBe('smoke/2025-01-02T00-00-00-000Z');
  expect(await readlink(join(root, 'runs/smoke/latest'))).toBe('2025-01-02T00-00-00-000Z');
  await b.writeEvents('c1', [{ t: 1, type: 'note', message: 'x' }]);
  expect(await b.readEvents('c1')).toEqual([{ t: 1, type: 'note', message: 'x' }]);
  expect(await b.readEvents('absent')).toEqual([]);
  expect(await b.caseIds()).toEqual(['c1']);
  expect((await readdir(b.caseDir('c1'))).filter((f) => f.includes('.tmp-'))).toEqual([]);
});

describe('a run killed with SIGKILL in the middle', () => {
  let out: string;
  let dir: string;
  let stored: RunJson;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'colo-chaos-killed-'));
    const tmp = join(out, 'tmp');
    await mkdir(tmp);
    const child = spawn(process.execPath, [CLI, 'run', '--suite', 'smoke', '--seed', '11', '--out', join(out, 'runs')], {
      cwd: ROOT, detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: tmp },
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    try {
      dir = await waitForFirstCase(join(out, 'runs'), child, () => stderr, 180_000);
    } finally {
      // freeze the run so it starts nothing new, reap what it started, then SIGKILL it
      try { process.kill(-child.pid!, 'SIGSTOP'); } catch { /* gone */ }
      const kids = await descendants(child.pid!);
      killAll([child.pid!]);
      killAll(kids);
      await exited;
    }
    stored = JSON.parse(await readFile(join(dir, 'run.json'), 'utf8')) as RunJson;
  }, 240_000);
  afterAll(async () => { if (out) await rm(out, { recursive: true, force: true }); });

  test('run.json is whole, partial, and every case in it has its events', async () => {
    expect(stored.partial).toBe(true);
    expect(stored.finishedAt).toBeUndefined();
    expect(stored.cases.length).toBeGreaterThanOrEqual(1);
    const store = RunStore.open(dir);
    for (const c of stored.cases) {
      const events = await store.readEvents(c.id);
      expect(events.length, `events of ${c.id}`).toBeGreaterThan(0);
      if (c.landed) expect(events.some((e) => e.type === 'fault-inject'), `fault-inject of ${c.id}`).toBe(true);
    }
  });

  test('rebuildReports works on it and says the run is partial', async () => {
    const { files } = await rebuildReports(dir);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['report.html', 'junit.xml', 'summary.md']);
    const [page, junit, summary] = await Promise.all(files.map((f) => readFile(f, 'utf8')));
    expect(page).toContain('id="partial"');
    for (const c of stored.cases) expect(page).toContain(`>${c.id}</button>`);
    expect(XMLValidator.validate(junit!)).toBe(true);
    expect(junit).toContain('<property name="partial" value="true"/>');
    expect(summary).toContain('**Partial run**');
  });
});

/** Poll runs/latest/run.json until it holds a finished case; bounded, and says what it waited for. */
async function waitForFirstCase(runs: string, child: { exitCode: number | null }, stderr: () => string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`colo-chaos run exited (${child.exitCode}) before a case was stored:\n${stderr()}`);
    const text = await readFile(join(runs, 'latest', 'run.json'), 'utf8').catch(() => null);
    if (text && (JSON.parse(text) as RunJson).cases.length >= 1) return join(runs, await readlink(join(runs, 'latest')));
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`waited ${timeoutMs} ms for the first case in ${runs}/latest/run.json; none came:\n${stderr()}`);
}
