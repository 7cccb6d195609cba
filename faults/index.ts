// The fault registry: an explicit map from kind to fault (no import side effects),
// and validateFault, which lists a spec's contract violations in plain words.
import type { FaultKind, FaultSpec } from '../core/model/case.ts';
import { FAULT_KINDS, LINKS } from '../core/model/case.ts';
import { isPhase } from '../core/model/phases.ts';
import type { Disturbs, Fault } from './types.ts';
import { crash } from './crash.ts';
import { hang } from './hang.ts';
import { exit } from './exit.ts';
import { blackhole } from './blackhole.ts';
import { reset } from './reset.ts';
import { latency } from './latency.ts';
import { bandwidth } from './bandwidth.ts';
import { slicer } from './slicer.ts';
import { limitData } from './limit-data.ts';
import { slowClose } from './slow-close.ts';
import { failoverCommand } from './failover-command.ts';
import { checkpointCommand } from './checkpoint-command.ts';
import { lostHeartbeat } from './lost-heartbeat.ts';
import { cont } from './cont.ts';
import { stop } from './stop.ts';
import { migrateCancel } from './migrate-cancel.ts';
import { yank } from './yank.ts';

export type { ActiveFault, Disturbs, Fault, FaultEnv } from './types.ts';

export const FAULTS: { readonly [K in FaultKind]: Fault } = {
  crash, hang, exit, blackhole, reset, latency, bandwidth, slicer,
  limit_data: limitData, slow_close: slowClose,
  'failover-command': failoverCommand, 'checkpoint-command': checkpointCommand,
  'lost-heartbeat': lostHeartbeat, cont, stop, 'migrate-cancel': migrateCancel, yank,
};

/** What a fault of `kind` disturbs (its definition says). */
export function disturbs(kind: FaultKind): Disturbs {
  return FAULTS[kind].disturbs;
}

export function validateFault(spec: FaultSpec): string[] {
  const out: string[] = [];
  if (!(FAULT_KINDS as readonly string[]).includes(spec.kind)) {
    return [`unknown fault kind "${spec.kind}"; valid: ${FAULT_KINDS.join(', ')}`];
  }
  if (!isPhase(spec.at?.phase)) out.push(`at.phase "${spec.at?.phase}" is not a phase (P0-P12, S0-S8)`);
  if (!Number.isInteger(spec.at?.checkpoint) || spec.at.checkpoint < 0) out.push('at.checkpoint must be an integer >= 0');
  if (spec.link !== undefined && !(LINKS as readonly string[]).includes(spec.link)) out.push(`unknown link "${spec.link}"; valid: ${LINKS.join(', ')}`);
  if (spec.durationMs !== undefined && !(spec.durationMs >= 0)) out.push('durationMs must be >= 0');
  return out.concat(FAULTS[spec.kind].validate(spec));
}
