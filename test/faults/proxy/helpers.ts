// Real sockets for the proxy tests: TCP servers on 127.0.0.1 that clean up after themselves,
// clients, and bounded waits that say what they waited for.
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll } from 'vitest';
import { Toxiproxy } from 'toxiproxy-node-client';
import { startEmbeddedProxy, type EmbeddedProxy } from '../../../faults/proxy/index.ts';
import { within } from '../../../core/within.ts';

export interface TcpServer {
  port: number;
  address: string;
  sockets: Set<Socket>;
  close(): Promise<void>;
}

/** A TCP server on 127.0.0.1 whose close() also destroys its open sockets. */
export async function tcpServer(onSocket: (s: Socket) => void, opts: { allowHalfOpen?: boolean } = {}): Promise<TcpServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ allowHalfOpen: opts.allowHalfOpen ?? false }, (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    onSocket(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    sockets,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

/** Echo: every byte comes back. */
export const echoServer = (): Promise<TcpServer> => tcpServer((s) => s.pipe(s));

export { within };

/**
 * Poll `probe` until it returns a value (not undefined), checking the deadline itself, so a wait
 * that timed out stops polling instead of running on after the test.
 */
export async function waitUntil<T>(probe: () => T | undefined | Promise<T | undefined>, ms: number, what: string, everyMs = 10): Promise<T> {
  const deadline = performance.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** fetch with a bound. */
export function fetchWithin(url: string, init: RequestInit = {}, ms = 10_000): Promise<Response> {
  return fetch(url, { ...init, signal: AbortSignal.timeout(ms) });
}

export function connectTo(address: string): Promise<Socket> {
  const [host, port] = [address.slice(0, address.lastIndexOf(':')), Number(address.slice(address.lastIndexOf(':') + 1))];
  return within(new Promise((resolve, reject) => {
    const s = connect({ host, port, noDelay: true }, () => resolve(s));
    s.once('error', reject);
  }), 5_000, `a TCP connection to ${address}`);
}

export interface Received {
  data: Buffer;
  /** The socket error that ended it (ECONNRESET ...), if any. */
  error?: NodeJS.ErrnoException;
  /** performance.now() when the socket closed. */
  closedAt: number;
}

/** Everything a socket receives until it closes. */
export function readAll(s: Socket, ms = 10_000): Promise<Received> {
  const chunks: Buffer[] = [];
  let error: NodeJS.ErrnoException | undefined;
  s.on('data', (c: Buffer) => chunks.push(c));
  s.on('error', (e) => (error = e));
  return within(new Promise((resolve) => {
    s.once('close', () => resolve({ data: Buffer.concat(chunks), ...(error ? { error } : {}), closedAt: performance.now() }));
  }), ms, 'the socket to close');
}

export interface Harness {
  server: EmbeddedProxy;
  client: Toxiproxy;
}

export async function embedded(seed = 7): Promise<Harness> {
  const server = await startEmbeddedProxy({ seed });
  return { server, client: new Toxiproxy(server.url) };
}

/** For the whole test file: an embedded server and an echo server, both closed after it. */
export function embeddedWithEcho(seed = 7): { h: Harness; echo: TcpServer } {
  const ctx = {} as { h: Harness; echo: TcpServer };
  beforeAll(async () => {
    ctx.h = await embedded(seed);
    ctx.echo = await echoServer();
  });
  afterAll(async () => {
    await ctx.h?.server.close();
    await ctx.echo?.close();
  });
  return ctx;
}

/** A proxy with a free listen port in front of `upstream`. */
export async function proxyTo(h: Harness, name: string, upstream: string) {
  return h.client.createProxy({ name, listen: '127.0.0.1:0', upstream });
}

/** Raw HTTP against the API, for what the client hides (status, body, headers). */
export async function raw(h: Harness, method: string, path: string, body?: string) {
  const res = await fetchWithin(h.server.url + path, { method, ...(body !== undefined ? { body } : {}) });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}
