// host:port strings as Toxiproxy (Go's net package) reads and prints them, and Go's wording
// for listen errors, which the API returns as 500s.

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
