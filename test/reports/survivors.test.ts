// The survivor-by-phase table: who serves, its runstate by the target's own view, and the checkpoint
// it continues from, per phase and (fault, role).
import { expect, test } from 'vitest';
import type { TimelineEvent } from '../../core/model/events.ts';
import type { CaseResult } from '../../core/model/run.ts';
import { survivorGrid, survivorTable, survivorWords } from '../../reports/survivors.ts';
import { survivorsHtml } from '../../reports/html/survivors-html.ts';

const view = (t: number, role: 'primary' | 'secondary', when: string, status: string, mode?: string, reason?: string): TimelineEvent =>
  ({ t, type: 'view', role, when, view: { status, ...(mode ? { 'colo-mode': mode, 'colo-reason': reason ?? null } : {}) } });

test('failover, standalone, and QEMU alone are each worded from the events', () => {
  expect(survivorWords([
    { t: 1, type: 'failover', role: 'secondary', resumedFrom: 3, digest: '' },
    view(2, 'secondary', 'at the end', 'running', 'none', 'request'),
    view(2, 'primary', 'at the end', 'not running'),
  ])).toBe('secondary running, from checkpoint 3');
  expect(survivorWords([{ t: 1, type: 'standalone', role: 'primary', reason: 'x' }, view(2, 'primary', 'at the end', 'running')])).toBe('primary running alone');
  expect(survivorWords([view(2, 'primary', 'at the end', 'not running'), view(2, 'secondary', 'at the end', 'colo', 'secondary', 'none')]))
    .toBe('no failover: secondary colo (COLO secondary, none)');
});

test('one row per phase, one column per fault and role; cases without views are left out', () => {
  const c = (id: string, phase: 'P6' | 'S3', fault: 'crash' | 'hang', role: 'primary' | 'secondary', landedInPhase = true): CaseResult =>
    ({ id, phase, fault, role, landedInPhase, landed: { phase, checkpoint: 1 } }) as unknown as CaseResult;
  const events = new Map<string, TimelineEvent[]>([
    ['a', [{ t: 1, type: 'failover', role: 'secondary', resumedFrom: 0, digest: '' }, view(2, 'secondary', 'at the end', 'running')]],
    ['b', [{ t: 1, type: 'standalone', role: 'primary', reason: '' }, view(2, 'primary', 'at the end', 'running')]],
    ['c', []],
  ]);
  const md = survivorTable([c('a', 'P6', 'crash', 'primary'), c('b', 'S3', 'hang', 'secondary', false), c('c', 'P6', 'hang', 'primary')], events);
  expect(md).toContain('| phase | crash primary | hang secondary |');
  expect(md).toContain('| P6 | secondary running, from checkpoint 0 |  |');
  expect(md).toContain('| S3 |  | primary running alone (landed S3 of checkpoint 1) |');
  expect(survivorTable([c('c', 'P6', 'hang', 'primary')], events)).toEqual([]);
});

test('versions side by side (one column per variant); a case that never started is not judged; report.html shows the same grid', () => {
  const c = (id: string, variant: string, extra: Partial<CaseResult> = {}): CaseResult =>
    ({ id, phase: 'P4', fault: 'crash', role: 'primary', landedInPhase: true, landed: { phase: 'P4', checkpoint: 2 }, case: { variant }, ...extra }) as unknown as CaseResult;
  const events = new Map<string, TimelineEvent[]>([
    ['a', [{ t: 1, type: 'failover', role: 'secondary', resumedFrom: 1, digest: '' }, view(2, 'secondary', 'at the end', 'running')]],
    ['b', [view(2, 'primary', 'at the end', 'running', 'primary', 'none')]],
  ]);
  const cases = [c('a', 'QEMU 7.2 fixed'), c('b', 'QEMU 10.0 fixed', { landed: null, landedInPhase: false, error: 'COLO did not start within 30000 ms' })];
  const md = survivorTable(cases, events);
  expect(md).toContain('| phase | crash primary · QEMU 10.0 fixed | crash primary · QEMU 7.2 fixed |');
  expect(md).toContain('| P4 | not judged (the case did not start: harness error) | secondary running, from checkpoint 1 |');
  const page = survivorsHtml(survivorGrid(cases, events)).text;
  expect(page).toContain('<h2>Survivor by phase</h2>');
  expect(page).toContain('<th>crash primary · QEMU 7.2 fixed</th>');
  expect(page).toContain('<td>secondary running, from checkpoint 1</td>');
  expect(survivorsHtml(null).text).toBe('');
});
