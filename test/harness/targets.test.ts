// A new target is one folder plus, for a built-in, one line of registration: the tiny fixture
// target (test/fixtures/targets/tiny) is driven through the CLI by the path of its driver file,
// its cases checked like any target's, and `repro` finds it again from the path run.json recorded.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { TARGET_NAMES, loadDriver } from '../../harness/targets.ts';
import { cli, latestRun, outDir, readRun } from './suite/cli-run.ts';

const TINY = './test/fixtures/targets/tiny/driver.ts';

describe('targets register in one place', () => {
  test('targets/registry.ts has one line per built-in target, a lazy import of its driver', async () => {
    const lines = readFileSync(new URL('../../targets/registry.ts', import.meta.url), 'utf8').split('\n');
    for (const name of TARGET_NAMES) {
      expect(lines.filter((l) => l.includes(`() => import('./${name}/driver.ts')`))).toHaveLength(1);
      expect((await loadDriver(name)).name).toBe(name);
    }
  });

  test('a driver file by path: known by its absolute path; a missing one is one clear line', async () => {
    const tiny = await loadDriver(TINY);
    expect(tiny.name).toBe(resolve(TINY));
    expect(tiny.proxies().map((p) => p.link)).toEqual(['client', 'client', 'checkpoint']);
    await expect(loadDriver('./test/fixtures/targets/none/driver.ts')).rejects.toThrow(/no driver file there/);
  });
});

describe('--target ./path/driver.ts', () => {
  test('the tiny target runs a suite through the CLI: each fault lands, every check passes; repro finds it again', async () => {
    const out = outDir();
    const r = await cli(['run', '--suite', './test/fixtures/targets/tiny/tiny.ts', '--target', TINY, '--seed', '5', '--out', out]);
    expect(r.exitCode, r.stderr + r.stdout).toBe(0);
    const run = readRun(latestRun(out));
    expect(run.target).toBe(resolve(TINY));
    expect(run.versions[run.target]).toBeUndefined(); // not a reference pair: no clean-pair alarm
    expect(run.cases.map((c) => [c.id, c.verdict])).toEqual([['P6-crash-primary-cp2', 'pass'], ['S8-crash-secondary-cp2', 'pass']]);
    // no breakpoints: a fault lands on the phase event, at it or (on a loaded machine) a little after
    for (const c of run.cases) expect(c.landed?.checkpoint).toBeGreaterThanOrEqual(2);
    for (const c of run.cases) expect(c.checks.filter((k) => k.verdict !== 'pass')).toEqual([]);
    const again = await cli(['repro', latestRun(out), 'P6-crash-primary-cp2', '--out', out]);
    expect(again.exitCode, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toMatch(/P6-crash-primary-cp2: pass/);
  }, 180_000);
});
