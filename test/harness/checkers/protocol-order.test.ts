import { describe, expect, test } from 'vitest';
import type { TimelineEvent } from '../../../core/model/events.ts';
import { protocolOrder } from '../../../harness/checkers/protocol-order.ts';
import { input, state, takeoverTimeline } from './fixtures.ts';

const E = 1_700_000_000_000; // the replicas' own clock (epoch ms)
const phase = (t: number, role: 'primary' | 'secondary', p: string, checkpoint: number): TimelineEvent =>
  ({ t, type: 'phase', role, phase: p, checkpoint, at: E + t } as TimelineEvent);
const whole = (t: number, checkpoint: number): TimelineEvent =>
  ({ t, type: 'received', role: 'secondary', checkpoint, ramEof: true, deviceBytes: 96, deviceTotal: 96, at: E + t });

/** Checkpoint 1 in the right order: the secondary had it all before the primary took VMSTATE_RECEIVED. */
function checkpoint1(receivedAt: number | null): TimelineEvent[] {
  const events: TimelineEvent[] = [
    whole(1, 0),
    phase(10, 'primary', 'P8', 1), phase(11, 'secondary', 'S5', 1),
    ...(receivedAt === null ? [] : [whole(receivedAt, 1)]),
    phase(20, 'primary', 'P9', 1),
    { t: 21, type: 'release', role: 'primary', seqs: [4, 5], reason: 'checkpoint', at: E + 21 },
    phase(22, 'primary', 'P10', 1),
  ];
  return events.sort((a, b) => a.t - b.t);
}

const check = async (events: TimelineEvent[], over = {}) => protocolOrder.check(input(events, { survivor: 'primary', states: {}, ...over }));

describe('protocol-order: held only when received', () => {
  test('passes when the secondary received RAM to EOF and the whole device blob before P9', async () => {
    expect((await check(checkpoint1(15))).verdict).toBe('pass');
  });

  test('fails when the primary took VMSTATE_RECEIVED before the device blob was whole (early ack), naming the cause', async () => {
    const r = await check(checkpoint1(30));
    expect(r.verdict).toBe('fail');
    expect(r.violations[0]).toMatch(/the primary took its VMSTATE_RECEIVED \(P9\) of checkpoint 1 at 20 ms, but the secondary reported RAM to EOF and all 96 device bytes only at 30 ms: it treated as held a checkpoint the secondary did not hold/);
  });

  test('fails when the secondary never had the blob (it stopped at S5) while the primary released for it', async () => {
    const r = await check(checkpoint1(null));
    expect(r.violations[0]).toMatch(/checkpoint 1 .* the secondary had RAM to EOF but never reported the device blob whole/);
  });

  test('a release for the checkpoint before P9 (early release) is also treating it as held', async () => {
    const early: TimelineEvent[] = [whole(1, 0), phase(10, 'primary', 'P8', 1), { t: 12, type: 'release', role: 'primary', seqs: [4], reason: 'checkpoint', at: E + 12 }, whole(15, 1), phase(20, 'primary', 'P9', 1)];
    expect((await check(early)).violations[0]).toMatch(/released held output \(seqs 4\) for it of checkpoint 1 at 12 ms/);
  });

  test('orders by the replicas\' own clocks, not by arrival; an order closer than the clock slack is no violation', async () => {
    // the received event arrives after P9 over its own connection, but was sent 5 ms before it
    const late = checkpoint1(null).concat({ ...whole(25, 1), at: E + 15 } as TimelineEvent);
    expect((await check(late)).verdict).toBe('pass');
    expect((await check(checkpoint1(null).concat({ ...whole(25, 1), at: E + 21.5 } as TimelineEvent))).verdict).toBe('pass');
    expect((await check(checkpoint1(null).concat({ ...whole(25, 1), at: E + 22.5 } as TimelineEvent))).verdict).toBe('fail');
  });

  test('skipped, not failed, for a target that reports no received events (QEMU)', async () => {
    const r = await check(checkpoint1(null).filter((e) => e.type !== 'received'));
    expect(r.verdict).toBe('pass');
    expect(r.notes?.join(' ')).toMatch(/held only when received: skipped, the target does not report what its secondary received/);
  });
});

describe('protocol-order: standalone only when the secondary is dead or fenced', () => {
  const standalone: TimelineEvent = { t: 100, type: 'standalone', role: 'primary', reason: 'secondary gone', at: E + 100 };

  test('fails when the primary went standalone while the secondary was alive and not fenced', async () => {
    const r = await check([standalone]);
    expect(r.violations[0]).toMatch(/the primary went standalone \(secondary gone\) at 100 ms while the secondary was alive and not fenced/);
  });

  test('passes after the secondary exited, was crashed, or reported standing down (by its own clock)', async () => {
    expect((await check([{ t: 50, type: 'exit', role: 'secondary', code: null, signal: 'SIGKILL' }, standalone])).verdict).toBe('pass');
    const crash: TimelineEvent = { t: 40, type: 'fault-inject', index: 0, fault: { kind: 'crash', role: 'secondary', at: { phase: 'S3', checkpoint: 1 } } };
    expect((await check([crash, standalone])).verdict).toBe('pass');
    // the demoted ack can overtake the secondary's event: its own clock says it came first
    const fenced: TimelineEvent = { t: 101, type: 'fenced', role: 'secondary', reason: 'demoted by the primary', at: E + 90 };
    expect((await check([standalone, fenced])).verdict).toBe('pass');
    expect((await check([standalone, { ...fenced, at: E + 101 }])).verdict).toBe('pass');
    expect((await check([standalone, { ...fenced, at: E + 110 }])).verdict).toBe('fail');
  });

  test('a failover command the harness gave the primary is the operator\'s decision', async () => {
    const cmd: TimelineEvent = { t: 90, type: 'fault-inject', index: 0, fault: { kind: 'failover-command', role: 'primary', at: { phase: 'P0', checkpoint: 1 } } };
    expect((await check([cmd, { ...standalone, reason: 'failover command' }])).verdict).toBe('pass');
  });
});

describe('protocol-order: nothing applied after failover', () => {
  const base = [whole(1, 0), ...takeoverTimeline(2, 'd2')];
  const secondary = (over = {}) => ({ survivor: 'secondary' as const, states: {}, ...over });

  test('passes when the secondary applied nothing after it took over', async () => {
    expect((await protocolOrder.check(input(base, secondary()))).verdict).toBe('pass');
  });

  test('fails when the survivor flushed or applied its old peer\'s checkpoint after the take-over', async () => {
    const late = [...base, phase(710, 'secondary', 'S7a', 3), { t: 720, type: 'checkpoint', role: 'secondary', n: 3, digest: 'd3' } as TimelineEvent];
    const r = await protocolOrder.check(input(late, secondary()));
    expect(r.violations[0]).toMatch(/the secondary reached S7a of checkpoint 3 at 710 ms, after it took over at 700 ms \(resumed from checkpoint 2\): a survivor went on applying/);
  });
});

describe('protocol-order: survivor changed only by its own guest', () => {
  const served = (t: number, seq: number): TimelineEvent => ({ t, type: 'release', role: 'secondary', seqs: [seq], reason: 'served', at: E + t });
  const timeline = (...seqs: number[]): TimelineEvent[] => [
    ...takeoverTimeline(2, 'd2').map((e) => (e.type === 'failover' ? { ...e, lastSeq: 7 } : e)),
    ...seqs.map((s, i) => served(800 + i, s)),
  ];
  const at = (lastSeq: number) => ({ survivor: 'secondary' as const, states: { secondary: { ...state('secondary'), lastSeq } } });

  test('passes when every seq after the take-over was one it served, up to its final state', async () => {
    expect((await protocolOrder.check(input(timeline(8, 9, 10), at(10)))).verdict).toBe('pass');
  });

  test('fails on a gap: the guest ran a request it never served', async () => {
    const r = await protocolOrder.check(input(timeline(8, 10), at(10)));
    expect(r.violations[0]).toMatch(/took over at seq 7 and then served seq 10 where its own guest's next request was seq 9: something other than its own guest/);
  });

  test('fails when its final state is past (or behind) the last seq it served', async () => {
    expect((await protocolOrder.check(input(timeline(8), at(12)))).violations[0]).toMatch(/guest is at seq 12 at the end, but it took over at seq 7 and served only up to seq 8/);
    expect((await protocolOrder.check(input(timeline(8, 9), at(5)))).verdict).toBe('fail');
  });

  // P8-hang-secondary-cp2 under load: requests in flight when the state was asked for ran after it
  test('passes when seqs served after the harness asked for the state are not in it (they ran later)', async () => {
    const asked = (t: number, lastSeq: number) => ({ ...at(lastSeq), stateAskedAt: { secondary: t } });
    expect((await protocolOrder.check(input(timeline(8, 9, 10), asked(801.5, 9)))).verdict).toBe('pass');
    expect((await protocolOrder.check(input(timeline(8, 9, 10), asked(799, 7)))).verdict).toBe('pass');
    // but not behind what it served before the ask: its guest went back
    const r = await protocolOrder.check(input(timeline(8, 9, 10), asked(801.5, 8)));
    expect(r.violations[0]).toMatch(/guest is at seq 8 at the end, but it took over at seq 7 and had served up to seq 9 before its state was read: its guest went back/);
    // nor past what it served at all
    expect((await protocolOrder.check(input(timeline(8, 9, 10), asked(801.5, 11)))).violations[0]).toMatch(/guest is at seq 11 at the end/);
  });

  test('skipped when the target does not report the last seq at take-over', async () => {
    const r = await protocolOrder.check(input(takeoverTimeline(2, 'd2'), at(99)));
    expect(r.verdict).toBe('pass');
    expect(r.notes?.join(' ')).toMatch(/own guest: skipped/);
  });
});
