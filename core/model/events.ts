// Timeline events of one case, one JSON object per line in cases/<id>/events.jsonl.
// `t` is milliseconds since the case started (harness clock).
import type { Role } from './phases.ts';
import type { TargetEvent } from './target.ts';
import type { FaultSpec } from './case.ts';

/**
 * What a driver reports (TargetEvent) with the harness's clock `t`, and the harness's own events:
 * faults put in place and healed, the workload's operations, notes.
 */
export type TimelineEvent =
  | (TargetEvent & { t: number })
  /** `t` = the fault is in place; `issuedAt` (timeline ms) / `issuedEpoch`: when the harness began to apply it */
  | { t: number; type: 'fault-inject'; fault: FaultSpec; index: number; issuedAt?: number; issuedEpoch?: number }
  | { t: number; type: 'fault-heal'; fault: FaultSpec; index: number }
  | {
      t: number; type: 'op'; process: number; op: 'invoke' | 'ok' | 'fail' | 'info'; f: string; value?: unknown;
      seq?: number; server: Role;
    };
