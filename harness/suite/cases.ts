// Building cases as plain data: one fault at (phase, checkpoint), with a readable, stable id
// such as `S7b-crash-primary-cp2` or `S3-blackhole-checkpoint-cp1`.
import type { Case, FaultKind, FaultSpec, Link, Direction } from '../../core/model/case.ts';
import { phaseOwner, type Phase, type Role } from '../../core/model/phases.ts';
import type { SuiteContext } from './context.ts';

export interface FaultAt {
  phase: Phase;
  fault: FaultKind;
  checkpoint: number;
  /** Process faults: the replica hit. Network faults: leave out (the phase owner is recorded). */
  role?: Role;
  link?: Link;
  direction?: Direction;
  /** One channel of a link with several (ram); absent = all of them. */
  channel?: number;
  bytes?: number;
  /** Land only once the primary holds output it has not released (FaultSpec.at.whileHeld). */
  whileHeld?: boolean;
  durationMs?: number;
  params?: Record<string, number>;
}

/** How long a hang lasts when the target does not say (past a failover timeout, so the other side must act). */
const HANG_MS = 3000;

const NETWORK_DEFAULTS: Partial<Record<FaultKind, { params?: Record<string, number>; durationMs?: number }>> = {
  latency: { params: { latency: 250, jitter: 50 }, durationMs: 1000 },
  bandwidth: { params: { rate: 32 }, durationMs: 1000 },
  slicer: { params: { average_size: 64, size_variation: 32, delay: 200 }, durationMs: 1000 },
  limit_data: { params: { bytes: 2048 } },
  slow_close: { params: { delay: 500 } },
};

export function faultSpec(ctx: SuiteContext, f: FaultAt): FaultSpec {
  const defaults = NETWORK_DEFAULTS[f.fault] ?? {};
  const duration = f.durationMs ?? (f.fault === 'hang' ? ctx.driver.caseDefaults?.hangMs ?? HANG_MS : defaults.durationMs);
  const params = f.params ?? defaults.params;
  return {
    kind: f.fault,
    ...(f.role ? { role: f.role } : {}),
    ...(f.link ? { link: f.link } : {}),
    ...(f.direction ? { direction: f.direction } : {}),
    ...(f.channel !== undefined ? { channel: f.channel } : {}),
    at: {
      phase: f.phase, checkpoint: f.checkpoint,
      ...(f.bytes !== undefined ? { bytes: f.bytes } : {}), ...(f.whileHeld ? { whileHeld: true } : {}),
    },
    ...(duration !== undefined ? { durationMs: duration } : {}),
    ...(params ? { params } : {}),
  };
}

export function caseId(f: FaultAt): string {
  const where = f.link ? `${f.link}${f.channel ?? ''}${f.direction ? `-${f.direction === 'upstream' ? 'up' : 'down'}` : ''}` : f.role ?? phaseOwner(f.phase);
  return `${f.phase}-${f.fault}-${where}-cp${f.checkpoint}`;
}

/** A one-fault case. */
export function oneFault(ctx: SuiteContext, f: FaultAt, id = caseId(f)): Case {
  return schedule(ctx, id, [f]);
}

/** A case from a whole schedule; the first fault names it (set `named` when an earlier one only prepares it). */
export function schedule(ctx: SuiteContext, id: string, faults: readonly FaultAt[]): Case {
  const first = faults[0];
  if (!first) throw new Error(`case ${id} has no fault`);
  return {
    id, suite: ctx.suite, target: ctx.target, seed: ctx.caseSeed(id), faults: faults.map((f) => faultSpec(ctx, f)),
    ...(ctx.bug ? { bug: ctx.bug } : {}), failover: ctx.failover, options: { ...ctx.driver.caseDefaults?.options },
  };
}
