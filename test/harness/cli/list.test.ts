// Finding one's way: --version, --help with examples, `list suites|phases|faults|bugs|options`,
// and the phase table in the repo (docs/PHASES.md) and README kept equal to the model.
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { phaseRangeWords, phaseTableMd } from '../../../harness/cli/catalog.ts';
import { FAULT_KINDS } from '../../../core/model/case.ts';
import { PHASES, PHASE_NAMES } from '../../../core/model/phases.ts';
import { suiteNames } from '../../../harness/suite/resolve.ts';

const BIN = new URL('../../../bin/colo-chaos.js', import.meta.url).pathname;
const repo = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');
const cli = (...args: string[]) => execa(process.execPath, [BIN, ...args], { reject: false, timeout: 120_000 });

// bounds for a loaded machine: each call is one CLI start (~1 s unloaded)
describe.concurrent('discoverability', { timeout: 150_000 }, () => {
  test('--version prints the package version; --help ends with examples', async () => {
    const [v, h] = await Promise.all([cli('--version'), cli('--help')]);
    expect(v.exitCode).toBe(0);
    expect(v.stdout.trim()).toBe((JSON.parse(repo('package.json')) as { version: string }).version);
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toMatch(/Examples:\n {2}colo-chaos run --suite smoke/);
    expect(h.stdout).toContain('colo-chaos list phases');
  });

  test('list phases: every phase of the model with its name and meaning, in order', async () => {
    const r = await cli('list', 'phases');
    expect(r.exitCode).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([...PHASES]);
    expect(lines).toContain(lines.find((l) => /^P6\s+p\.ram-sending\s+dirty RAM pages streaming/.test(l)));
    for (const p of PHASES) expect(lines.find((l) => l.startsWith(`${p} `))).toContain(PHASE_NAMES[p]);
  });

  test('list suites, faults, bugs, options: each name with a line of meaning', async () => {
    const [suites, faults, bugs, options] = await Promise.all([
      cli('list', 'suites', '--json'), cli('list', 'faults', '--json'), cli('list', 'bugs', '--json'), cli('list', 'options'),
    ]);
    const parsed = (r: typeof suites) => JSON.parse(r.stdout) as Array<{ name: string; words: string }>;
    expect(parsed(suites).map((s) => s.name)).toEqual(suiteNames());
    expect(parsed(faults).map((f) => f.name)).toEqual([...FAULT_KINDS]);
    expect(parsed(bugs).map((b) => b.name)).toContain('early-release');
    for (const list of [parsed(suites), parsed(faults), parsed(bugs)]) expect(list.filter((e) => e.words.length < 10)).toEqual([]);
    expect(parsed(faults).find((f) => f.name === 'crash')?.words).toMatch(/^SIGKILL/);
    expect(options.exitCode).toBe(0);
    expect(options.stdout).toMatch(/--time-budget <duration>/);
    expect(options.stdout).toMatch(/colo-ref[\s\S]*\bpages\s+default 4096/);
    expect(options.stdout).toMatch(/qemu[\s\S]*\bcheckpointDelay\s+default 1000/);
  });
});

describe('the phase table cannot drift from the model', () => {
  test('docs/PHASES.md is what `colo-chaos list phases --markdown` prints', () => {
    // regenerate with: npx colo-chaos list phases --markdown > docs/PHASES.md
    expect(repo('docs/PHASES.md')).toBe(phaseTableMd());
  });

  test('the README names the phases exactly (there is no S4)', () => {
    const readme = repo('README.md');
    expect(phaseRangeWords()).toBe('P0-P12 and S0-S3, S5, S6, S7a, S7b, S8');
    expect(readme).toContain(phaseRangeWords());
    expect(readme).not.toMatch(/S0-S8|S4\b/);
  });
});
