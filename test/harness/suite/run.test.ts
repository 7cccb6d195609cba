// The harness against the real reference pair: no false alarms on the clean pair, every planted
// bug caught by the check that should catch it, repro gives the same verdict.
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, latestRun, outDir, readRun } from './cli-run.ts';

describe('clean reference pair', () => {
  test('passes smoke: exit 0, every case pass, run.json complete', async () => {
    const out = outDir();
    const r = await cli(['run', '--suite', 'smoke', '--seed', '7', '--out', out]);
    const run = readRun(latestRun(out));
    expect(run.cases.map((c) => `${c.id}: ${c.verdict} ${c.violations.map((v) => v.message).join('; ')}${c.error ?? ''}`).filter((l) => !l.includes(': pass '))).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(run.partial).toBe(false);
    expect(run.cases).toHaveLength(8);
    expect(run.summary).toEqual({ pass: 8, fail: 0, unknown: 0, interrupted: 0, skipped: 0 });
    expect(run.cases.every((c) => c.landedInPhase)).toBe(true);
    // checkpoint 1 completed before the cp2 cases' faults: its numbers come from P5 (bytes) and P12 (downtime)
    const cp1 = run.cases.find((c) => c.id === 'S6-crash-primary-cp2')!.checkpoints.find((s) => s.n === 1);
    expect(cp1?.downtimeMs).toBeGreaterThan(0);
    expect(cp1?.bytes).toBeGreaterThan(0);
    expect(cp1?.dirtyPages).toBeGreaterThan(0);
    // "before receive" by construction: the secondary never got a byte of checkpoint 1 and resumed from 0
    const s2 = readFileSync(join(latestRun(out), 'cases', 'S2-crash-primary-cp1', 'events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(s2.filter((e) => e.type === 'phase' && e.role === 'secondary' && e.checkpoint === 1).map((e) => e.phase)).toEqual(['S0', 'S1', 'S2']);
    expect(s2.find((e) => e.type === 'failover')).toMatchObject({ resumedFrom: 0 });
  }, 120_000);

  test.each([11, 12])('passes a sample of the phase matrix with seed %i', async (seed) => {
    const sample = ['P3-hang-primary-cp5', 'S5-reset-checkpoint-cp3', 'P10-crash-primary-cp1', 'S1-blackhole-heartbeat-cp2', 'P4-blackhole-checkpoint-heartbeat-cp3'];
    const out = outDir();
    const r = await cli(['run', '--suite', 'phase-matrix', '--seed', String(seed), '--out', out, '--case', sample.join(',')]);
    const run = readRun(latestRun(out));
    expect(run.cases.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}: ${JSON.stringify(c.violations)} ${c.error ?? ''}`)).toEqual([]);
    expect(run.cases.map((c) => c.id).sort()).toEqual([...sample].sort());
    expect(r.exitCode).toBe(0);
  }, 120_000);
});

describe('--jobs', () => {
  test('--jobs 2 runs cases at the same time, and they still pass', async () => {
    const out = outDir();
    const r = await cli(['run', '--suite', 'smoke', '--seed', '9', '--jobs', '2', '--out', out]);
    const run = readRun(latestRun(out));
    expect(run.cases.filter((c) => c.verdict !== 'pass').map((c) => `${c.id}: ${JSON.stringify(c.violations)} ${c.error ?? ''}`)).toEqual([]);
    expect(r.exitCode).toBe(0);
    const spans = run.cases.map((c) => [Date.parse(c.startedAt), Date.parse(c.startedAt) + c.durationMs] as const).sort((a, b) => a[0] - b[0]);
    const overlapping = spans.filter((s, i) => i > 0 && s[0] < spans[i - 1]![1]).length;
    expect(overlapping).toBeGreaterThan(0);
  }, 120_000);
});

describe('clean-pair alarms', () => {
  test('a failure with no planted bug is raised as an alarm in run.json and summary.md', async () => {
    const out = outDir();
    // a 1 ms liveness bound no failover meets: the clean pair fails on purpose
    const r = await cli(['run', '--suite', 'smoke', '--seed', '3', '--case', 'S2-crash-primary-cp1', '--liveness-bound', '1ms', '--out', out]);
    const run = readRun(latestRun(out));
    expect(r.exitCode).toBe(1);
    expect(run.cases[0]?.violations.map((v) => v.check)).toContain('liveness');
    expect(run.alarms).toEqual([expect.stringMatching(/^!!! S2-crash-primary-cp1 FAILED ON THE CLEAN PAIR in 1 of 1 runs/)]);
    expect(r.stderr).toContain('FAILED ON THE CLEAN PAIR');
    expect(readFileSync(join(latestRun(out), 'summary.md'), 'utf8')).toContain('**Alarms:**');
  }, 120_000);
});

describe.concurrent('planted bugs are caught by the right check', () => {
  test.each([
    ['direct-ram-write', 'P6-crash-primary-cp1', 'consistent-resume'],
    ['partial-device-load', 'P8-crash-primary-cp1', 'consistent-resume'],
    ['skip-svm-dirty', 'S7a-crash-primary-cp2', 'consistent-resume'],
    ['no-relaunch', 'S7a-crash-primary-failover-command-cp1', 'consistent-resume'],
    ['early-release', 'P8-partition-cp1', 'output-commit'],
    ['lost-held-output', 'P0-blackhole-checkpoint-cp2', 'liveness'],
    ['early-vmstate-received', 'S5-crash-secondary-cp1', 'protocol-order'],
    ['unsent-page', 'P12-crash-primary-cp2', 'replica-state'],
    ['release-without-lease', 'P0-hang-primary-mirror-latency-cp3', 'split-brain'],
  ])('%s fails %s on %s', async (bug, caseId, check) => {
    const out = outDir();
    const r = await cli(['run', '--suite', 'bugs', '--bug', bug, '--case', caseId, '--seed', '5', '--out', out]);
    const run = readRun(latestRun(out));
    expect(run.cases).toHaveLength(1);
    expect(run.cases[0]!.verdict).toBe('fail');
    expect(run.cases[0]!.violations.map((v) => v.check)).toContain(check);
    expect(r.exitCode).toBe(1);
    if (bug === 'skip-svm-dirty') {
      const again = await cli(['repro', latestRun(out), caseId, '--out', out]);
      expect(again.exitCode).toBe(1);
      expect(again.stdout).toMatch(new RegExp(`${caseId}: fail[\\s\\S]*\\[${check}\\]`));
    }
  }, 120_000);
});
