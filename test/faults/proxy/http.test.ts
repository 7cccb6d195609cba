// Fuzzed bodies and paths: every answer is a 4xx (or a success for a valid request), never a
// 5xx or a hang, and the server keeps serving.
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { echoServer, embedded, raw, type Harness, type TcpServer } from './helpers.ts';

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
