// The harness proves itself on the real reference pair (through the CLI, in a child process):
// every planted bug caught by the sample (smoke, the known catchers, the best random schedules),
// no false alarm on the clean pair; then `colo-chaos shrink` turns one bug's failing case into a
// smaller case that repro runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BUGS } from '../../../targets/colo-ref/bugs.ts';
import { storeId, type SelftestReport } from '../../../harness/explore/selftest.ts';
import { cli, outDir, readRun } from '../suite/cli-run.ts';
import { axesOf } from '../../../core/model/case.ts';

let report: SelftestReport | undefined;
let dir = '';

describe.sequential('selftest on colo-ref', () => {
  test('every planted bug is caught; the clean pair raises no false alarm', async () => {
    const t0 = Date.now();
    const r = await cli(['selftest', '--sample', '--no-shrink', '--clean-seeds', '1', '--out', outDir()], 300_000);
    console.log(`${r.stdout}\n(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    dir = /run store (\S+)/.exec(r.stdout)?.[1] ?? '';
    expect(dir, r.stderr).not.toBe('');
    report = JSON.parse(readFileSync(join(dir, 'selftest.json'), 'utf8')) as SelftestReport;
    expect(report.rows.map((x) => x.bug)).toEqual([...BUGS]);
    expect(report.rows.filter((x) => !x.caught).map((x) => x.bug), r.stdout).toEqual([]);
    expect(report.clean.falseAlarms, r.stdout).toEqual([]);
    expect(report.clean.cases).toBeGreaterThanOrEqual(10);
    for (const x of report.rows) expect(x.checks.length, x.bug).toBeGreaterThan(0);
    expect(r.stdout.trim().split('\n').at(-2)).toMatch(new RegExp(`^selftest: ${BUGS.length}/${BUGS.length} bugs caught, slowest [\\d.]+ s, 0 false alarms$`));
    expect(r.exitCode).toBe(0);
  }, 320_000);

  test('shrink writes a smaller failing case that repro runs', async () => {
    // skip-svm-dirty fails from checkpoint 1 on, so shrinking can move its cp2 catcher earlier (a bug
    // caught at cp2 by another check, e.g. early-release by protocol-order, may need cp2's timing)
    const row = report?.rows.find((x) => x.bug === 'skip-svm-dirty' && x.caught && x.caseId?.endsWith('-cp2'));
    expect(row, 'skip-svm-dirty caught by a case at checkpoint 2').toBeDefined();
    const id = storeId(row!.bug, 1, row!.caseId!);
    const r = await cli(['shrink', dir, id, '--runs', '2', '--final-runs', '2', '--max-runs', '10', '--out', outDir()], 180_000);
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    const shrunkDir = /run store (\S+)/.exec(r.stdout)![1]!;
    const min = readRun(shrunkDir).cases.find((c) => c.id === `${id}-min`)!;
    expect(axesOf(min.case).checkpoint).toBe(1);
    expect(min.case.faults).toHaveLength(1);
    expect(min.reproduction!.runs).toBeGreaterThanOrEqual(1);
    expect(min.reproduction!.failures).toBeGreaterThanOrEqual(1);
    expect(r.stdout).toContain(`repro: npx colo-chaos repro ${shrunkDir} ${id}-min`);
    const shrinkJson = JSON.parse(readFileSync(join(shrunkDir, 'shrink.json'), 'utf8')) as { steps: Array<{ change: string; accepted: boolean }> };
    expect(shrinkJson.steps.some((s) => s.accepted && s.change.includes('earlier'))).toBe(true);
  }, 200_000);
});
