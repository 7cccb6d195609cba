// The parts of a running QEMU pair, shared by the pair, its HA manager and the secondary's state
// probe (their own file so none of them imports the pair back).
import type { Role } from '../../core/model/phases.ts';
import type { TargetEvent } from '../../core/model/target.ts';
import type { QmpClient } from './qmp.ts';
import type { Replica } from './replica.ts';
import type { Tap } from './tap.ts';
import type { PhaseTracker } from './phase-map.ts';
import type { Breakpoints } from './breakpoints.ts';
import type { QemuOptions } from './options.ts';
import type { PortHold } from './port-hold.ts';
import type { GuestWatch } from './guest-watch.ts';

export interface PairParts {
  opts: QemuOptions;
  replicas: Record<Role, Replica>;
  qmp: Partial<Record<Role, QmpClient>>;
  taps: Tap[];
  tracker: PhaseTracker;
  breakpoints: Breakpoints;
  /** Client proxy addresses (what clients use) and the hostfwd ports behind them. */
  client: Record<Role, { host: string; port: number; upstream: number }>;
  /** The secondary's client port, held until failover adds its hostfwd. */
  clientHold: PortHold;
  emit(e: TargetEvent): void;
  dir: string;
  /** The guests' probe ports and trouble watch (secondary-state.ts, guest-watch.ts). */
  guest?: GuestSide;
}

/** The probe sockets (ttyS1) and the watch, as the driver made them. */
export interface GuestSide {
  probes: Record<Role, string>;
  watch: GuestWatch;
}
