// The fault contract: a fault is an inject/heal pair. inject() returns the active fault,
// whose heal() is idempotent, so the runner can heal everything at the end of every case.
import type { Toxiproxy } from 'toxiproxy-node-client';
import type { FaultKind, FaultSpec } from '../core/model/case.ts';
import type { LinkProxy, StartedPair } from '../core/model/target.ts';
import type { Random } from '../core/random.ts';

/** What a fault may touch while it is injected. */
export interface FaultEnv {
  pair: StartedPair;
  /** The fault network's API client. */
  network: Toxiproxy;
  /** The case's proxies by driver name (client-primary, checkpoint, ...). */
  proxies: ReadonlyMap<string, LinkProxy>;
  /** Seeded generator for jitter and the like. */
  random: Random;
}

export interface ActiveFault {
  /** Undo the fault; safe to call twice and after the process died. */
  heal(): Promise<void>;
}

/**
 * What a fault disturbs while it is in place; settle and the checkers judge by this, never by a
 * fault's name. `process-ends`: the replica's process is gone (crash, exit). `process-stops`: it is
 * frozen until healed and answers late by design (hang). `link`: bytes on a link (a toxic).
 * `management`: a command to a live replica's management plane. `failover`: the operator's failover
 * command (a decision, not a failure). `nothing`: it asks the pair to do what it does anyway
 * (checkpoint-command): no stall or silence is explained by it.
 */
export type Disturbs = 'process-ends' | 'process-stops' | 'link' | 'management' | 'failover' | 'nothing';

export interface Fault {
  readonly kind: FaultKind;
  readonly disturbs: Disturbs;
  /** Contract violations of a spec, in plain words; empty when it is valid. */
  validate(spec: FaultSpec): string[];
  inject(spec: FaultSpec, env: FaultEnv): Promise<ActiveFault>;
}

/** A fault with nothing to undo (crash, management commands). */
export const HEALED: ActiveFault = { heal: async () => {} };
