// The fault contract: a fault is an inject/heal pair. inject() returns the active fault,
// whose heal() is idempotent, so the runner can heal everything at the end of every case.
import type { Toxiproxy } from 'toxiproxy-node-client';
import type { FaultKind, FaultSpec } from '../harness/model/case.ts';
import type { LinkProxy, StartedPair } from '../harness/model/target.ts';
import type { Random } from '../harness/random.ts';

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

export interface Fault {
  readonly kind: FaultKind;
  /** Contract violations of a spec, in plain words; empty when it is valid. */
  validate(spec: FaultSpec): string[];
  inject(spec: FaultSpec, env: FaultEnv): Promise<ActiveFault>;
}

/** A fault with nothing to undo (crash, management commands). */
export const HEALED: ActiveFault = { heal: async () => {} };
