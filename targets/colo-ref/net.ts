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

/** A listener whose connections are taken one by one, in arrival order, each wait bounded. */
export class Acceptor {
  private readonly queue: net.Socket[] = [];
  private waiter: ((s: net.Socket) => void) | undefined;

  private constructor(private readonly srv: net.Server) {}

  static async open(port: number): Promise<Acceptor> {
    let a: Acceptor | undefined;
    const srv = await listen(port, (s) => a?.push(s));
    return (a = new Acceptor(srv));
  }

  /** The next connection, or PeerMissingError(`what`) after timeoutMs. */
  next(timeoutMs: number, what: string): Promise<net.Socket> {
    const s = this.queue.shift();
    if (s) return Promise.resolve(s);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = undefined;
        reject(new PeerMissingError(`${what} within ${Math.round(timeoutMs)} ms`));
      }, Math.max(0, timeoutMs));
      this.waiter = (x) => {
        clearTimeout(timer);
        resolve(x);
      };
    });
  }

  /** Stop listening; connections not taken are closed. */
  close(): void {
    this.srv.close();
    for (const s of this.queue.splice(0)) s.destroy();
  }

  private push(s: net.Socket): void {
    const w = this.waiter;
    this.waiter = undefined;
    if (w) w(s);
    else this.queue.push(s);
  }
}
