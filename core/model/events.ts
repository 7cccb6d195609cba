// Timeline events of one case, one JSON object per line in cases/<id>/events.jsonl.
// `t` is milliseconds since the case started (harness clock).
import type { Phase, Role } from './phases.ts';
import type { FaultSpec } from './case.ts';

export type TimelineEvent =
  | { t: number; type: 'phase'; role: Role; phase: Phase; checkpoint: number; bytes?: number; /** P12: P3→P12 stop time */ downtimeMs?: number; /** target clock, epoch ms */ at?: number }
  | { t: number; type: 'checkpoint'; role: Role; n: number; digest: string; bytes?: number; dirtyPages?: number; downtimeMs?: number }
  | { t: number; type: 'paused'; role: Role; phase: Phase; checkpoint: number; stoppedAt?: Phase; unpinnable?: string }
  | { t: number; type: 'view'; role: Role; when: string; view: Record<string, string | number | null> }
  /** `t` = the fault is in place; `issuedAt` (timeline ms) / `issuedEpoch` = when the harness began to apply it. */
  | { t: number; type: 'fault-inject'; fault: FaultSpec; index: number; issuedAt?: number; issuedEpoch?: number }
  | { t: number; type: 'fault-heal'; fault: FaultSpec; index: number }
  | { t: number; type: 'op'; process: number; op: 'invoke' | 'ok' | 'fail' | 'info'; f: string; value?: unknown; seq?: number; server: Role }
  | { t: number; type: 'held'; role: Role; seq: number; reason: string }
  | { t: number; type: 'release'; role: Role; seqs: number[]; reason: string; at?: number }
  | { t: number; type: 'failover'; role: Role; resumedFrom: number; digest: string; at?: number; lastSeq?: number }
  | { t: number; type: 'standalone'; role: Role; reason: string; at?: number; lastSeq?: number }
  | { t: number; type: 'fenced'; role: Role; reason: string; at?: number }
  /** The secondary's checkpoint stream so far: RAM read to its EOS, device bytes of total (TARGET-PROTOCOL §2). */
  | { t: number; type: 'received'; role: Role; checkpoint: number; ramEof: boolean; deviceBytes: number; deviceTotal: number; at?: number }
  | { t: number; type: 'exit'; role: Role; code: number | null; signal: string | null }
  | { t: number; type: 'guest'; role: Role; what: 'panic' | 'reset' | 'diverged'; message: string; checkpoint?: number }
  | { t: number; type: 'error'; role: Role; message: string }
  | { t: number; type: 'stall'; role: Role; phase: Phase; checkpoint: number; forMs: number; message: string }
  | { t: number; type: 'note'; message: string };
