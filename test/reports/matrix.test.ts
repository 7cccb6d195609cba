// A case's variant (e.g. "QEMU alone" vs "with manager") gets a matrix row and a summary line of
// its own, so the two answers for the same (phase, fault, role) stay side by side.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { CaseResult, RunJson } from '../../core/model/run.ts';
import { buildMatrix, cellKey } from '../../reports/matrix.ts';
import { summaryMd } from '../../reports/summary.ts';
import { fakeRun } from './fixtures/fake-run.ts';

let root: string;
let run: RunJson;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'colo-chaos-matrix-'));
  run = await (await fakeRun(join(root, 'a'), { cases: 1, failEvery: 0 })).readRun();
});
afterAll(async () => { await rm(root, { recursive: true, force: true }); });

function variant(c: CaseResult, v: string | undefined, verdict: CaseResult['verdict'], failed?: string): CaseResult {
  const checks = failed ? [{ check: failed as 'liveness', verdict: 'fail' as const, violations: ['x'] }] : [];
  return { ...c, id: `${c.id}-${v ?? 'plain'}`, verdict, checks, case: { ...c.case, ...(v ? { variant: v } : {}) } };
}

test('variants of one (phase, fault, role) are separate rows, after the plain fault kind', () => {
  const c = run.cases[0]!;
  const cases = [variant(c, 'with manager', 'pass'), variant(c, 'QEMU alone', 'fail', 'liveness'), variant(c, undefined, 'pass')];
  const m = buildMatrix(cases);
  expect(m.faults).toEqual([c.fault, `${c.fault} · QEMU alone`, `${c.fault} · with manager`]);
  expect(m.cells.get(cellKey(c.role, `${c.fault} · QEMU alone`, c.phase))?.worst).toBe('fail');
  expect(m.cells.get(cellKey(c.role, `${c.fault} · with manager`, c.phase))?.worst).toBe('pass');
  expect(m.cells.get(cellKey(c.role, c.fault, c.phase))?.cases).toEqual([`${c.id}-plain`]);
});

test('summary.md tabulates the variants with the checks that failed, and only when there are any', () => {
  const c = run.cases[0]!;
  const withVariants: RunJson = { ...run, cases: [variant(c, 'with manager', 'pass'), variant(c, 'QEMU alone', 'fail', 'liveness')] };
  const md = summaryMd(withVariants, '/runs/x');
  expect(md).toContain('## By variant');
  expect(md).toContain('| with manager | 1 | 0 | 0 | none |');
  expect(md).toContain('| QEMU alone | 0 | 1 | 0 | liveness (1) |');
  expect(summaryMd(run, '/runs/x')).not.toContain('## By variant');
});
