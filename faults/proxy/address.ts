// host:port strings as Toxiproxy (Go's net package) reads, resolves and prints them, and Go's
// wording for listen errors, which the API returns as 500s.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

/** Go's SplitHostPort plus a numeric port; an empty host is `fallbackHost`. */
export function parseAddress(addr: string, fallbackHost: string): HostPort {
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*)):(\d{1,5})$/.exec(addr);
  if (!m) {
    const reason = addr.includes(':') ? 'invalid port' : 'missing port in address';
    throw new Error(`listen tcp ${addr}: address ${addr}: ${reason}`);
  }
  const port = Number(m[3]);
  if (port > 65535) throw new Error(`listen tcp ${addr}: address ${port}: invalid port`);
  const host = m[1] ?? m[2] ?? '';
  // Go's "localhost" listens on 127.0.0.1; Node might pick ::1
  return { host: host === '' ? fallbackHost : host === 'localhost' ? '127.0.0.1' : host, port };
}

/**
 * A listen address resolved as Go's ResolveTCPAddr does before Toxiproxy compares or binds it:
 * a host name is its first IPv4 address (localhost is 127.0.0.1), an IP stays as written.
 * Deviation, by our loopback rule: no listen at all, or no host, is `defaultHost` (the API's
 * own host, 127.0.0.1 unless told otherwise) and port 0, where Toxiproxy takes every interface.
 */
export async function resolveListen(addr: string, defaultHost: string): Promise<HostPort> {
  const { host, port } = addr === '' ? { host: defaultHost, port: 0 } : parseAddress(addr, defaultHost);
  if (isIP(host)) return { host, port };
  const found = await lookup(host, { family: 4 }).catch(() => lookup(host)).catch(() => null);
  if (!found) throw new Error(`listen tcp: lookup ${host}: no such host`);
  return { host: found.address, port };
}

/** Hosts to try for a bind: a wildcard is one dual-stack socket where the host has IPv6, as in Go. */
export function bindHosts(host: string): string[] {
  return host === '0.0.0.0' || host === '::' ? ['::', '0.0.0.0'] : [host];
}

export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

const BIND_REASONS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'cannot assign requested address',
  EACCES: 'permission denied',
};

/** `listen tcp 127.0.0.1:80: bind: permission denied`, from a Node listen error. */
export function listenError(addr: string, e: NodeJS.ErrnoException): Error {
  const reason = (e.code && BIND_REASONS[e.code]) ?? e.message;
  return new Error(`listen tcp ${addr}: bind: ${reason}`);
}
