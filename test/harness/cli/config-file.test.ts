// colo-chaos.config.ts holds a run's settings; flags win over it. Suite files outside the repo
// load, and a syntax error in one is reported as one. `run --json` puts NDJSON on stdout.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { cli, latestRun, outDir, readRun } from '../suite/cli-run.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const outside = mkdtempSync(join(tmpdir(), 'colo-chaos-outside-'));
afterAll(() => rmSync(outside, { recursive: true, force: true }));

test('a config file sets the run; a flag overrides it; --json events on stdout, the end names the reports', async () => {
  const out = outDir();
  const r = await cli(['run', '--config', `${FIXTURES}one-case.config.ts`, '--seed', '6', '--json', '--out', out]);
  const run = readRun(latestRun(out));
  expect(r.exitCode, r.stderr).toBe(0);
  expect(run.suite).toBe('smoke');
  expect(run.seed).toBe(6); // the flag, not the file's 5
  expect(run.cases.map((c) => c.id)).toEqual(['S3-crash-secondary-cp1']);
  expect(run.cases[0]!.case.options).toMatchObject({ pages: 512 });
  const events = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(events.map((e) => e.event)).toEqual(['run-start', 'case-start', 'landed', 'verdict', 'run-end']);
  expect(events[3]).toMatchObject({ id: 'S3-crash-secondary-cp1', verdict: 'pass' });
  expect(events[4]).toMatchObject({ exitCode: 0, partial: false, reports: [expect.stringMatching(/report\.html$/), expect.anything(), expect.stringMatching(/summary\.md$/)] });
  // human lines went to stderr, ending with where the reports are
  expect(r.stderr).toMatch(/1 cases: 1 pass, 0 fail, 0 unknown; run store .*\n {2}report: .*report\.html\n {2}summary: .*summary\.md/);
}, 150_000);

test('a suite file outside the repo loads; a syntax error in one is named as such', async () => {
  writeFileSync(join(outside, 'mine.ts'), `// a suite kept outside the repo
export default function mine(ctx: { describe: (n: string, f: () => void) => void; caseTest: (c: unknown) => void; suite: string; target: string; caseSeed: (id: string) => number }): void {
  ctx.describe('mine', () => {
    ctx.caseTest({ id: 'S3-crash-secondary-cp1', suite: ctx.suite, target: ctx.target, role: 'secondary', phase: 'S3', checkpoint: 1,
      fault: 'crash', seed: ctx.caseSeed('S3'), faults: [{ kind: 'crash', role: 'secondary', at: { phase: 'S3', checkpoint: 1 } }] });
  });
}
`);
  writeFileSync(join(outside, 'broken.ts'), 'export default function broken(ctx: any): void {\n  ctx.describe("x", () => { ];\n}\n');
  const [ok, broken] = await Promise.all([cli(['list', '--suite', join(outside, 'mine.ts')]), cli(['list', '--suite', join(outside, 'broken.ts')])]);
  expect(ok.stderr).toBe('');
  expect(ok.stdout.trim()).toBe('S3-crash-secondary-cp1');
  expect(broken.exitCode).toBe(2);
  expect(broken.stderr.trim().split('\n')).toEqual([expect.stringMatching(/could not be collected: syntax error at .*broken\.ts:2:\d+: Unexpected "\]"/)]);
}, 150_000);
