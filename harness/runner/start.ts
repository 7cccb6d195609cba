// Starting a pair on a fresh topology. A port picked free can be taken by another process before
// the replica binds it; a driver says so with an error starting "EADDRINUSE" (portTakenError), and
// the start is tried again on fresh ports (a new topology), up to START_ATTEMPTS times; so is a start
// the driver says went wrong by a rare chance of the target's own (startAgainError).
import type { Toxiproxy } from 'toxiproxy-node-client';
import type { LinkProxy, TargetDriver } from '../model/target.ts';
import type { CheckResult, Verdict, Violation } from '../model/run.ts';

type Checked = { checks: CheckResult[]; verdict: Verdict; violations: Violation[] };
import { createTopology, type Topology } from './topology.ts';

export const START_ATTEMPTS = 3;

/** The error a driver throws when a port it was given (or picked) was taken before it bound it. */
export function portTakenError(detail: string): Error {
  return new Error(`EADDRINUSE: ${detail}`);
}

export function isPortTaken(e: unknown): boolean {
  return /EADDRINUSE/.test((e as Error)?.message ?? '');
}

/**
 * The target itself failed to start replicating, with no fault injected (QEMU never entered COLO, or
 * hung on the way): a finding about the target, judged fail in plain words, not a harness error.
 */
export class TargetFinding extends Error {
  readonly finding = true;
}

export function isTargetFinding(e: unknown): e is TargetFinding {
  return (e as TargetFinding | null)?.finding === true;
}

/** A case whose target never started replicating: a liveness failure, said in the target's words. */
export function withFinding(judged: Checked, finding: string): Checked {
  const liveness: CheckResult = { check: 'liveness', verdict: 'fail', violations: [finding] };
  return {
    checks: [liveness, ...judged.checks.filter((c) => c.check !== 'liveness')],
    verdict: 'fail',
    violations: [{ check: 'liveness', message: finding }, ...judged.violations],
  };
}

/**
 * The error a driver throws when the start went wrong by a rare chance of the target's own that a
 * fresh start need not repeat (QEMU 7.2: a secondary guest that panics right after the initial sync).
 * With `finding`, a start that goes wrong so every time is a TargetFinding (the case fails in its words).
 */
export function startAgainError(detail: string, finding = false): Error {
  return Object.assign(finding ? new TargetFinding(detail) : new Error(detail), { startAgain: true });
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
