import { describe, expect, test } from 'vitest';
import type { TimelineEvent } from '../../../core/model/events.ts';
import { outputCommit } from '../../../harness/checkers/output-commit.ts';
import { hash, input, state, takeoverTimeline } from './fixtures.ts';

const line = (seq: number): string => JSON.stringify({ id: seq, seq, ok: true });
const ok = (seq: number, t: number): TimelineEvent => ({ t, type: 'op', process: 0, op: 'ok', f: 'put', seq, server: 'primary', value: { request: { op: 'put' }, response: { id: seq, seq, ok: true }, line: line(seq) } });

describe('output-commit', () => {
  const events = [...takeoverTimeline(2, 'd2'), ok(1, 5), ok(2, 15)];

  test('passes when every received response is in the survivor journal', async () => {
    const r = await outputCommit.check(input(events, { states: { secondary: state('secondary', [[1, hash(line(1))], [2, hash(line(2))]]) } }));
    expect(r.verdict).toBe('pass');
  });

  test('fails, naming the seq, when a received response is missing from the journal', async () => {
    const r = await outputCommit.check(input(events, { states: { secondary: state('secondary', [[1, hash(line(1))]]) } }));
    expect(r.verdict).toBe('fail');
    expect(r.violations[0]).toMatch(/seq 2 .*escaped/);
  });

  test('fails when the journal holds a different response for the seq', async () => {
    const r = await outputCommit.check(input(events, { states: { secondary: state('secondary', [[1, hash(line(1))], [2, 'ffffffffffffffff']]) } }));
    expect(r.violations[0]).toMatch(/different response for seq 2/);
  });

  test('is unknown without a response hash definition', async () => {
    const r = await outputCommit.check(input(events, { responseHash: undefined }));
    expect(r.verdict).toBe('unknown');
  });
});
