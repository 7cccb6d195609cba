// Starting a pair on a fresh topology. A port picked free can be taken by another process before
// the replica binds it; a driver says so with an error starting "EADDRINUSE" (PortTakenError), and
// the start is tried again on fresh ports (a new topology), up to START_ATTEMPTS times; so is a start
// the driver says went wrong by a rare chance of the target's own (startAgainError).
import type { Toxiproxy } from 'toxiproxy-node-client';
import type { LinkProxy, TargetDriver } from '../../core/model/target.ts';
import type { CheckResult, Verdict, Violation } from '../../core/model/run.ts';

type Checked = { checks: CheckResult[]; verdict: Verdict; violations: Violation[] };
import { createTopology, type Topology } from './topology.ts';
import { isPortTaken } from '../../core/ports.ts';

export const START_ATTEMPTS = 3;

/** A case whose target never started replicating: a liveness failure, said in the target's words. */
export function withFinding(judged: Checked, finding: string): Checked {
  const liveness: CheckResult = { check: 'liveness', verdict: 'fail', violations: [finding] };
  return {
    checks: [liveness, ...judged.checks.filter((c) => c.check !== 'liveness')],
    verdict: 'fail',
    violations: [{ check: 'liveness', message: finding }, ...judged.violations],
  };
}

/** A start that may be tried again on a fresh topology: a port taken, or startAgainError. */
export function canStartAgain(e: unknown): boolean {
  return isPortTaken(e) || (e as { startAgain?: unknown })?.startAgain === true;
}

/**
 * `start` on the proxies of a new topology; a port-taken (or start-again) failure is retried on a new one when
 * `again` (told the error and the attempt number) agrees. A failed attempt's topology is removed.
 */
export async function startOnFreshPorts<P>(
  driver: TargetDriver, network: Toxiproxy, prefix: string,
  start: (proxies: ReadonlyMap<string, LinkProxy>, attempt: number) => Promise<P>,
  again: (e: Error, attempt: number) => boolean = () => true,
  options: Record<string, string | number | boolean> = {},
): Promise<{ pair: P; topology: Topology }> {
  for (let attempt = 1; ; attempt++) {
    const topology = await createTopology(driver, network, attempt > 1 ? `${prefix}-${attempt}` : prefix, options);
    try {
      return { pair: await start(topology.proxies, attempt), topology };
    } catch (e) {
      await topology.remove();
      if (attempt >= START_ATTEMPTS || !canStartAgain(e) || !again(e as Error, attempt)) throw e;
    }
  }
}
