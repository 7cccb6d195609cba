// A stored case is read back as today's Case: an older run.json kept the axes beside the faults;
// where they named a fault other than the first, that fault becomes the case's named one.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { findCase } from '../../../harness/suite/repro.ts';
import { axesOf } from '../../../core/model/case.ts';

const dir = mkdtempSync(join(tmpdir(), 'colo-chaos-stored-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const faults = [
  { kind: 'blackhole', link: 'checkpoint', at: { phase: 'S1', checkpoint: 1 } },
  { kind: 'crash', role: 'primary', at: { phase: 'S2', checkpoint: 1 } },
];
const result = (id: string, c: Record<string, unknown>) => ({
  id, phase: 'S2', fault: 'crash', role: 'primary', seed: 1, verdict: 'pass', violations: [], landed: null, landedInPhase: false,
  checks: [], durationMs: 1, startedAt: '2026-12-01T00:00:00.000Z', checkpoints: [], case: { id, suite: 'smoke', target: 'colo-ref', seed: 1, faults, ...c },
});
writeFileSync(join(dir, 'run.json'), JSON.stringify({
  schema: 1, suite: 'smoke', target: 'colo-ref', seed: 1, startedAt: '2026-12-01T00:00:00.000Z', summary: { pass: 3, fail: 0, unknown: 0 },
  cases: [
    result('old-second', { role: 'primary', phase: 'S2', checkpoint: 1, fault: 'crash' }),
    result('old-first', { role: 'secondary', phase: 'S1', checkpoint: 1, fault: 'blackhole' }),
    result('new', { named: 1 }),
  ],
}));

test('an older stored case: its axes become `named` (when not the first fault), and are not kept beside it', async () => {
  const old = (await findCase(dir, 'old-second')).result.case;
  expect(old).toEqual({ id: 'old-second', suite: 'smoke', target: 'colo-ref', seed: 1, faults, named: 1 });
  expect(axesOf(old)).toEqual({ role: 'primary', phase: 'S2', checkpoint: 1, fault: 'crash' });
  expect((await findCase(dir, 'old-first')).result.case).toEqual({ id: 'old-first', suite: 'smoke', target: 'colo-ref', seed: 1, faults });
  expect((await findCase(dir, 'new')).result.case.named).toBe(1);
});
