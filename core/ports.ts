// Ports on 127.0.0.1: picking a free one, and the error a driver throws when a port it was given
// (or picked) was taken by another process before it bound it (the runner then starts again on
// fresh ports: harness/runner/start.ts).
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import getPort from 'get-port';

/** A port taken between pick and bind. The message starts "EADDRINUSE", as the OS says it. */
export class PortTakenError extends Error {
  constructor(detail: string) {
    super(`EADDRINUSE: ${detail}`);
    this.name = 'PortTakenError';
  }
}

/** A PortTakenError, or an error relayed from another process (a replica's stderr) that says EADDRINUSE. */
export function isPortTaken(e: unknown): boolean {
  return e instanceof PortTakenError || /EADDRINUSE/.test((e as Error)?.message ?? '');
}

export const HOST = '127.0.0.1';

/**
 * Candidate ports below the kernel's ephemeral range: a port picked inside it can become some
 * outgoing connection's source port before the replica binds it (EADDRINUSE with --jobs 2).
 * A per-process cursor, so cases and processes spread over the range (a rare clash between two
 * processes is retried by the case runner). Undefined: let the OS pick.
 */
const lowRange = ((): { low: number; span: number } | undefined => {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return first > 11_000 ? { low: 10_000, span: first - 10_000 } : undefined;
  } catch {
    return undefined;
  }
})();
// a random start: pid-derived starts put processes whose pids differ by 23 seven ports apart
let cursor = lowRange ? randomInt(lowRange.span) : 0;

function* lowPorts(r: { low: number; span: number }): Generator<number> {
  for (let i = 0; i < r.span; i++) yield r.low + (cursor++ % r.span);
}

/** A free port on 127.0.0.1, below the ephemeral range (for a target's own extra ports too). */
export function pickPort(): Promise<number> {
  return getPort({ host: HOST, ...(lowRange ? { port: lowPorts(lowRange) } : {}) });
}
