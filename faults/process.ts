// Signals to a replica's process group (the driver starts every replica in its own group).
import { phaseOwner, type Role } from '../core/model/phases.ts';
import type { FaultSpec } from '../core/model/case.ts';
import type { StartedPair } from '../core/model/target.ts';

/** The last signal a fault sent to each pid, and when (a target holding a link at a breakpoint asks). */
const sent = new Map<number, { signal: NodeJS.Signals; at: number }>();

/**
 * The last signal a fault sent to `pid` since `since` (epoch ms; pids are reused): SIGKILL/SIGTERM
 * ended it, SIGSTOP hung it, SIGCONT healed it.
 */
export function lastFaultSignal(pid: number | undefined, since: number): NodeJS.Signals | undefined {
  const s = pid === undefined ? undefined : sent.get(pid);
  return s && s.at >= since ? s.signal : undefined;
}

/** Signal the whole group of `pid`; falls back to the pid alone. Returns false if it was gone. */
export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  sent.set(pid, { signal, at: Date.now() });
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
      return true;
    } catch {
      // ESRCH: no such group (or process); try the next form
    }
  }
  return false;
}

/** The replica a process fault hits: its role, or the owner of the phase it lands in. */
export function targetRole(spec: FaultSpec): Role {
  return spec.role ?? phaseOwner(spec.at.phase);
}

/**
 * Send `sig` to the replica of `role`: through the pair's own signal() when the target has one,
 * else to the process group of its pid. Returns false if it was gone.
 */
export function signalReplica(pair: StartedPair, role: Role, sig: NodeJS.Signals): boolean {
  if (pair.signal) return pair.signal(role, sig);
  const pid = pair.pid(role);
  if (pid === undefined) throw new Error(`no process for the ${role}: it was never started`);
  return signalGroup(pid, sig);
}

export function validateProcessSpec(spec: FaultSpec): string[] {
  return spec.link !== undefined ? [`${spec.kind} hits a process, so it takes a role, not a link (got link ${spec.link})`] : [];
}
