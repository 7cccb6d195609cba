// Bounds of one case, ms. Every wait in the runner uses one of these, so a case always ends.
export interface CaseTiming {
  /** Replicas up and checkpoint 0 done. */
  startMs: number;
  /** A breakpoint (or phase) reached. */
  landMs: number;
  /** After the faults: failover, standalone or the next checkpoint. */
  settleMs: number;
  /** The survivor answers a client within this after the fault / failover. */
  livenessMs: number;
  /** One client request. */
  opMs: number;
  /** A `state` request. */
  stateMs: number;
  /** Workload time after the survivor answered. */
  tailMs: number;
  /** At the end, in-flight requests to a replica that should answer get this long. */
  drainMs: number;
}

export const DEFAULT_TIMING: CaseTiming = {
  startMs: 15_000,
  landMs: 6_000,
  settleMs: 5_000,
  livenessMs: 4_000,
  opMs: 2_000,
  stateMs: 3_000,
  tailMs: 200,
  drainMs: 2_500,
};
