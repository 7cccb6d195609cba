// Timelines for checker tests: a pair that checkpointed, then a secondary take-over.
import { createHash } from 'node:crypto';
import type { Case } from '../../../core/model/case.ts';
import type { TimelineEvent } from '../../../core/model/events.ts';
import type { ReplicaState } from '../../../core/model/target.ts';
import type { CheckInput } from '../../../harness/checkers/index.ts';

export const hash = (line: string): string => createHash('sha1').update(line).digest('hex').slice(0, 16);

export const CASE: Case = {
  id: 'S6-crash-primary-cp2', suite: 'test', target: 'colo-ref', seed: 1,
  faults: [{ kind: 'crash', role: 'primary', at: { phase: 'S6', checkpoint: 2 } }],
};

/** Checkpoints 0-1 applied, checkpoint 2 received whole (S6), then the primary crashed. */
export function takeoverTimeline(resumedFrom: number, digest: string): TimelineEvent[] {
  return [
    { t: 1, type: 'checkpoint', role: 'primary', n: 0, digest: 'd0' },
    { t: 2, type: 'checkpoint', role: 'secondary', n: 0, digest: 'd0' },
    { t: 10, type: 'checkpoint', role: 'primary', n: 1, digest: 'd1' },
    { t: 12, type: 'checkpoint', role: 'secondary', n: 1, digest: 'd1' },
    { t: 20, type: 'phase', role: 'secondary', phase: 'S3', checkpoint: 2 },
    { t: 22, type: 'checkpoint', role: 'primary', n: 2, digest: 'd2' },
    { t: 23, type: 'phase', role: 'secondary', phase: 'S6', checkpoint: 2 },
    { t: 24, type: 'paused', role: 'secondary', phase: 'S6', checkpoint: 2 },
    { t: 25, type: 'fault-inject', index: 0, fault: CASE.faults[0]! },
    { t: 26, type: 'exit', role: 'primary', code: null, signal: 'SIGKILL' },
    { t: 700, type: 'failover', role: 'secondary', resumedFrom, digest },
  ];
}

export function state(role: 'primary' | 'secondary', outputs: Array<[number, string]> = [], invariants = { ok: true, violations: [] as string[] }): ReplicaState {
  return { role, mode: 'failed-over', digest: 'x', lastApplied: 2, lastSeq: outputs.length, outputs, invariants };
}

export function input(events: TimelineEvent[], over: Partial<CheckInput> = {}): CheckInput {
  return {
    case: CASE, events, states: { secondary: state('secondary') }, survivor: 'secondary', livenessBoundMs: 1000,
    probe: { role: 'secondary', from: 25, answeredAt: 800 }, responseHash: hash,
    cleanup: { pids: [], proxyNames: [], tempDirs: [], remainingProxies: async () => [] },
    ...over,
  };
}
