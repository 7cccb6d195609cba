// A target of one's own: `--target ./path/driver.ts` drives the tiny fixture target (one folder:
// a driver and a replica pair speaking the control channel) through the CLI, like a built-in one.
// Its planted bug is declared by its driver, chosen with --bug and caught by the checks.
import { mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, describe, expect, test } from 'vitest';
import type { RunJson } from '../../harness/model/run.ts';
import { checkTarget } from '../../harness/targets.ts';
import { parseRunConfig, targetBugs } from '../../harness/cli/config.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin/colo-chaos.js');
const TINY = './test/fixtures/targets/tiny';
const out = mkdtempSync(join(tmpdir(), 'colo-chaos-tiny-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

async function run(name: string, ...args: string[]) {
  const dir = join(out, name);
  const r = await execa(process.execPath, [BIN, 'run', '--suite', `${TINY}/suite.ts`, '--target', `${TINY}/driver.ts`, '--out', dir, '--seed', '7', ...args], {
    cwd: ROOT, reject: false, timeout: 180_000,
  });
  const run = JSON.parse(readFileSync(join(resolve(dir, readlinkSync(join(dir, 'latest'))), 'run.json'), 'utf8')) as RunJson;
  return { ...r, run };
}

describe('--target ./path/driver.ts', () => {
  test('the tiny target: the primary lost on a slow checkpoint link and a slow link alone pass; with its planted bug output-commit fails', async () => {
    // the two runs at once: each mostly waits on its replicas
    const [clean, bug] = await Promise.all([run('clean'), run('bug', '--bug', 'early-release', '--case', 'P9-crash-primary-cp2')]);
    expect(clean.exitCode, clean.stderr).toBe(0);
    expect(clean.run.target).toBe(resolve(ROOT, TINY, 'driver.ts'));
    expect(clean.run.cases.map((c) => [c.id, c.verdict])).toEqual([['P9-crash-primary-cp2', 'pass'], ['P6-latency-checkpoint-cp1', 'pass']]);
    const crash = clean.run.cases[0]!;
    expect(crash.landed?.phase).toBe('P9');
    expect(crash.checks.find((k) => k.check === 'consistent-resume')?.verdict).toBe('pass');
    // the bug its driver declares: responses released before the checkpoint that holds them is acknowledged
    expect(bug.exitCode, bug.stderr).toBe(1);
    expect(bug.run.cases[0]!.verdict).toBe('fail');
    expect(bug.run.cases[0]!.violations.map((v) => v.check)).toContain('output-commit');
  }, 200_000);

  test('a bug the driver does not declare, and a path with no driver file, are one line each', async () => {
    const config = parseRunConfig({ suite: `${TINY}/suite.ts`, target: `${TINY}/driver.ts`, bug: 'nope' }, targetBugs);
    await expect(config).rejects.toThrow(/unknown bug "nope" for target .*tiny\/driver\.ts; valid: early-release/);
    expect(checkTarget('./no/such/driver.ts')).toMatch(/no driver file there/);
  });
});
