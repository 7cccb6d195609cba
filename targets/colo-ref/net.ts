// TCP helpers: bounded connect-with-retry, listen, awaited writes, JSON lines.
import net from 'node:net';
import { splitAddr } from './options.ts';

/** A peer that never appeared: the replica exits 2 with this message. */
export class PeerMissingError extends Error {}

export function connectOnce(addr: string): Promise<net.Socket> {
  const { host, port } = splitAddr(addr);
  return new Promise((resolve, reject) => {
    const s = net.connect({ host, port });
    s.once('connect', () => {
      s.removeListener('error', reject);
      s.setNoDelay(true);
      resolve(s);
    });
    s.once('error', reject);
  });
}

/** Connect, retrying every `everyMs` until `timeoutMs` has passed. */
export async function connectRetry(addr: string, what: string, timeoutMs: number, everyMs = 50): Promise<net.Socket> {
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      return await connectOnce(addr);
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() > until) throw new PeerMissingError(`${what} at ${addr} did not appear within ${timeoutMs} ms (${last})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function listen(port: number, onConn: (s: net.Socket) => void): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer((s) => {
      s.setNoDelay(true);
      s.on('error', () => {});
      onConn(s);
    });
    srv.once('error', reject);
    srv.listen(port, '127.0.0.1', () => resolve(srv));
  });
}

/** Write and resolve once the bytes were handed to the kernel (or the socket died). */
export function writeAwait(s: net.Socket, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (s.destroyed || !s.writable) return reject(new Error('socket closed'));
    s.write(data, (err) => (err ? reject(err) : resolve()));
  });
}

/** Call `onLine` for each newline-terminated line of a socket. */
export function onLines(s: net.Socket, onLine: (line: string) => void): void {
  let buf = '';
  s.setEncoding('utf8');
  s.on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.trim()) onLine(line);
    }
  });
}

/** Parse a JSON line into an object, or undefined. */
export function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
