// Fuzzed bodies and paths: every answer is a 4xx (or a success for a valid request), never a
// 5xx or a hang, and the server keeps serving; clients that stop mid-request harm nobody else.
import type { Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startEmbeddedProxy } from '../../../faults/proxy/index.ts';
import { connectTo, echoServer, embedded, fetchWithin, raw, readAll, within, type Harness, type TcpServer } from './helpers.ts';

let h: Harness;
let echo: TcpServer;
beforeAll(async () => {
  h = await embedded();
  echo = await echoServer();
  await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'fz', listen: '127.0.0.1:0', upstream: echo.address }));
});
afterAll(async () => {
  await h.server.close();
  await echo.close();
});

const jsonish = fc.oneof(
  fc.json(),
  fc.string(),
  fc.record({
    name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
    type: fc.oneof(fc.constantFrom('latency', 'bandwidth', 'slow_close', 'timeout', 'reset_peer', 'slicer', 'limit_data', 'noop'), fc.string()),
    stream: fc.oneof(fc.constantFrom('upstream', 'downstream', 'UPSTREAM'), fc.string(), fc.integer()),
    toxicity: fc.oneof(fc.double({ noNaN: true }), fc.string(), fc.constant(null)),
    attributes: fc.oneof(fc.dictionary(fc.constantFrom('latency', 'jitter', 'rate', 'delay', 'timeout', 'bytes', 'average_size', 'size_variation'), fc.oneof(fc.integer({ min: 0, max: 50 }), fc.string(), fc.double())), fc.json()),
  }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
);

const paths = fc.oneof(
  fc.constantFrom('/proxies', '/proxies/fz', '/proxies/fz/toxics', '/populate', '/reset', '/version', '/proxies/nope/toxics'),
  fc.webPath(),
  fc.array(fc.string({ minLength: 1, maxLength: 6 }).map(encodeURIComponent), { maxLength: 5 }).map((parts) => `/${parts.join('/')}`),
);

it('fuzzed bodies and paths get 4xx (or success), and the server keeps serving', async () => {
  await fc.assert(fc.asyncProperty(fc.constantFrom('GET', 'POST', 'DELETE', 'PATCH', 'PUT'), paths, jsonish, async (method, path, body) => {
    // never let a fuzzed request take the fixture proxy down or wipe it
    if (path === '/reset' || (path.startsWith('/proxies/fz') && method === 'DELETE' && path.split('/').length === 3)) return;
    if (path === '/populate' || (path === '/proxies/fz' && method !== 'GET')) return;
    const r = await raw(h, method, path, method === 'GET' || method === 'DELETE' ? undefined : body);
    expect(r.status, `${method} ${path} ${body} -> ${r.status} ${r.text}`).toBeLessThan(500);
    if (r.status >= 400 && r.status !== 404 && r.status !== 405 && r.text) {
      expect(JSON.parse(r.text)).toMatchObject({ status: r.status, error: expect.any(String) });
    }
  }), { numRuns: 300, seed: 42 });
  await raw(h, 'POST', '/reset');
  expect(JSON.parse((await raw(h, 'GET', '/proxies/fz')).text)).toMatchObject({ name: 'fz', enabled: true, toxics: [] });
  expect((await raw(h, 'GET', '/version')).status).toBe(200);
});

it('fuzzed proxy bodies to /populate and POST /proxies never get a 5xx unless a port is taken', async () => {
  await fc.assert(fc.asyncProperty(fc.constantFrom('/proxies', '/populate'), jsonish, async (path, body) => {
    const r = await raw(h, 'POST', path, body);
    expect(r.status, `${path} ${body} -> ${r.text}`).toBeLessThan(500);
  }), { numRuns: 150, seed: 7 });
  for (const name of Object.keys(JSON.parse((await raw(h, 'GET', '/proxies')).text))) if (name !== 'fz') await raw(h, 'DELETE', `/proxies/${encodeURIComponent(name)}`);
});

// Stray and slow clients: raw sockets that stop mid-request. None may take the server down or make
// another client wait.
describe('clients that stop mid-request', () => {
  /**
   * A socket whose request the server has taken up (its 100 Continue came back) and that then sent
   * `body`, part of the announced Content-Length, and nothing more.
   */
  async function partial(server: { port: number }, body: string): Promise<Socket> {
    const s = await connectTo(`127.0.0.1:${server.port}`);
    s.on('error', () => undefined);
    const taken = within(new Promise((resolve) => s.once('data', resolve)), 10_000, 'the 100 Continue');
    s.write('POST /proxies HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nExpect: 100-continue\r\n\r\n');
    expect(String(await taken)).toMatch(/^HTTP\/1\.1 100 Continue/);
    s.write(body);
    return s;
  }

  it('a client that aborts mid-body while another waits in line does not kill the server', async () => {
    const server = await startEmbeddedProxy({ bodyTimeoutMs: 30_000 });
    // in the CLI an unhandled rejection ends the process; here it is caught and shown
    const unhandled: unknown[] = [];
    const note = (e: unknown): number => unhandled.push(e);
    process.on('unhandledRejection', note);
    try {
      const a = await partial(server, '{"name":"a",');
      const b = await partial(server, '{"name":"b",');
      // b aborts alone while a's body still holds the head of the line
      await within(new Promise((resolve) => b.destroy().once('close', resolve)), 5_000, 'b to close');
      await new Promise((r) => setTimeout(r, 200)); // the server sees b's abort by itself
      a.destroy();
      const version = await fetchWithin(`${server.url}/version`);
      expect(await version.text()).toBe('{"version": "2.12.0"}\n');
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', note);
      await server.close();
    }
  });

  it('a client that never sends its body holds up nobody, even a later mutation', async () => {
    const server = await startEmbeddedProxy({ bodyTimeoutMs: 60_000 });
    const slow = await partial(server, '{"name":');
    try {
      // bounded well below bodyTimeoutMs: before the fix this waited for the slow body
      expect((await fetchWithin(`${server.url}/version`, {}, 20_000)).status).toBe(200);
      const made = await fetchWithin(`${server.url}/proxies`, {
        method: 'POST', body: JSON.stringify({ name: 'after', listen: '127.0.0.1:0', upstream: '127.0.0.1:1' }),
      }, 20_000);
      expect(made.status).toBe(201);
    } finally {
      slow.destroy();
      await server.close();
    }
  });

  it('a body that never completes gets a 400 for that client after bodyTimeoutMs, and its connection closes', async () => {
    const server = await startEmbeddedProxy({ bodyTimeoutMs: 200 });
    try {
      const slow = await partial(server, '{"name":');
      const got = await readAll(slow, 10_000);
      const text = got.data.toString();
      expect(text).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: string; status: number };
      expect(body).toEqual({ error: 'bad request body: i/o timeout: no complete body within 200 ms', status: 400 });
      expect((await fetchWithin(`${server.url}/version`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('X-Toxiproxy-Request-Id', () => {
  const idOf = async (path: string, headers: Record<string, string> = {}): Promise<string | null> =>
    (await fetchWithin(h.server.url + path, { headers })).headers.get('x-toxiproxy-request-id');

  it('is a fresh xid (20 base32hex characters, seconds first) on every answer of a known route', async () => {
    const a = await idOf('/version');
    const b = await idOf('/proxies');
    for (const id of [a, b]) expect(id).toMatch(/^[0-9a-v]{20}$/);
    expect(a).not.toBe(b);
    // the first 32 bits are the Unix time in seconds
    const bits = [...a!].map((ch) => parseInt(ch, 32).toString(2).padStart(5, '0')).join('');
    expect(Math.abs(parseInt(bits.slice(0, 32), 2) - Date.now() / 1000)).toBeLessThan(600);
    expect(await idOf('/version', { 'User-Agent': 'Mozilla/5.0' })).toMatch(/^[0-9a-v]{20}$/); // the 403 too
  });

  it('is absent where gorilla/mux matched no route (404, 405), and a browser there gets the 404', async () => {
    expect(await idOf('/no/such/thing')).toBeNull();
    expect((await fetchWithin(`${h.server.url}/version`, { method: 'DELETE' })).headers.get('x-toxiproxy-request-id')).toBeNull();
    const r = await fetchWithin(`${h.server.url}/no/such/thing`, { headers: { 'User-Agent': 'Mozilla/5.0' } });
    expect(r.status).toBe(404);
  });
});
