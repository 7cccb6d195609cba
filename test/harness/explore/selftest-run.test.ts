// The harness proves itself on the real reference pair: every planted bug caught by the sample
// (smoke, the known catchers, the best random schedules), no false alarm on the clean pair; then
// `colo-chaos shrink` turns one bug's failing case into a smaller case that repro runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUGS } from '../../../targets/colo-ref/bugs.ts';
import { runSelftest } from '../../../harness/explore/selftest-run.ts';
import { formatSelftest } from '../../../harness/explore/selftest-table.ts';
import { storeId, type SelftestReport } from '../../../harness/explore/selftest.ts';
import { cli, outDir, readRun } from '../suite/cli-run.ts';

let report: SelftestReport | undefined;
let dir = '';

describe.sequential('selftest on colo-ref', () => {
  test('every planted bug is caught; the clean pair raises no false alarm', async () => {
    const t0 = Date.now();
    const lines: string[] = [];
    ({ report, dir } = await runSelftest({
      full: false, sample: true, shrink: false, seed: 1, cleanSeeds: [1], out: outDir(), failover: 'auto',
      signal: new AbortController().signal, log: (l) => lines.push(l), warn: () => {},
    }));
    const table = formatSelftest(report);
    console.log(`${table}\n(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    expect(report.rows.map((r) => r.bug)).toEqual([...BUGS]);
    expect(report.rows.filter((r) => !r.caught).map((r) => r.bug), table).toEqual([]);
    expect(report.clean.falseAlarms, table).toEqual([]);
    expect(report.clean.cases).toBeGreaterThanOrEqual(10);
    for (const r of report.rows) expect(r.checks.length, r.bug).toBeGreaterThan(0);
  }, 300_000);

  test('shrink writes a smaller failing case that repro runs', async () => {
    const row = report?.rows.find((r) => r.caught && r.caseId?.endsWith('-cp2'));
    expect(row, 'a bug caught by a case at checkpoint 2').toBeDefined();
    const out = outDir();
    const id = storeId(row!.bug, 1, row!.caseId!);
    const r = await cli(['shrink', dir, id, '--runs', '2', '--final-runs', '2', '--max-runs', '10', '--out', out], 180_000);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    const shrunkDir = /run store (\S+)/.exec(r.stdout)![1]!;
    const run = readRun(shrunkDir);
    const min = run.cases.find((c) => c.id === `${id}-min`)!;
    expect(min.case.checkpoint).toBe(1);
    expect(min.case.faults.length).toBeLessThanOrEqual(row!.minimal?.faults.length ?? 1);
    expect(min.reproduction!.runs).toBeGreaterThanOrEqual(1);
    expect(min.reproduction!.failures).toBeGreaterThanOrEqual(1);
    expect(r.stdout).toContain(`repro: npx colo-chaos repro ${shrunkDir} ${id}-min`);
    const steps = JSON.parse(readFileSync(join(shrunkDir, 'shrink.json'), 'utf8')) as { steps: Array<{ change: string; accepted: boolean }> };
    expect(steps.steps.some((s) => s.accepted && s.change.includes('earlier'))).toBe(true);
  }, 200_000);
});
