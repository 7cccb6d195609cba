// Each toxic's observable effect on real connections through the embedded server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Proxy } from 'toxiproxy-node-client';
import { connectTo, echoServer, embedded, proxyTo, readAll, tcpServer, waitUntil, within, type Harness, type TcpServer } from './helpers.ts';

let h: Harness;
let echo: TcpServer;
let proxy: Proxy;
let n = 0;
beforeAll(async () => {
  h = await embedded();
  echo = await echoServer();
});
afterAll(async () => {
  await h.server.close();
  await echo.close();
});
afterEach(async () => {
  await proxy?.remove().catch(() => undefined);
});

async function fresh(upstream = echo.address): Promise<Proxy> {
  proxy = await proxyTo(h, `t${n++}`, upstream);
  return proxy;
}

/** Round trip of one small message through the proxy, in ms. */
async function roundTrip(listen: string): Promise<number> {
  const s = await connectTo(listen);
  const t0 = performance.now();
  const back = within(new Promise<void>((resolve) => s.once('data', () => resolve())), 10_000, 'the echo');
  s.write('ping');
  await back;
  const ms = performance.now() - t0;
  s.destroy();
  return ms;
}

describe('toxics', () => {
  it('latency delays each direction by about the set value', async () => {
    const p = await fresh();
    await p.addToxic({ name: 'l', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 120, jitter: 0 } });
    const ms = await roundTrip(p.listen);
    expect(ms).toBeGreaterThanOrEqual(115);
    expect(ms).toBeLessThan(2000); // generous: a loaded 2-core machine
  });

  it('limit_data passes exactly N bytes, then closes', async () => {
    const p = await fresh();
    await p.addToxic({ name: 'lim', type: 'limit_data', stream: 'downstream', toxicity: 1, attributes: { bytes: 1000 } });
    const s = await connectTo(p.listen);
    const got = readAll(s);
    s.write(Buffer.alloc(5000, 7));
    const r = await got;
    expect(r.data.length).toBe(1000);
    expect(r.data.every((b) => b === 7)).toBe(true);
  });

  it('reset_peer resets the client connection (ECONNRESET)', async () => {
    const p = await fresh();
    await p.addToxic({ name: 'rst', type: 'reset_peer', stream: 'downstream', toxicity: 1, attributes: { timeout: 0 } });
    const s = await connectTo(p.listen);
    const got = readAll(s);
    s.write('hello');
    const r = await got;
    expect(r.error?.code).toBe('ECONNRESET');
    expect(r.data.length).toBe(0);
  });

  it('timeout drops data and closes after the set time', async () => {
    const p = await fresh();
    await p.addToxic({ name: 'to', type: 'timeout', stream: 'downstream', toxicity: 1, attributes: { timeout: 300 } });
    const t0 = performance.now();
    const s = await connectTo(p.listen);
    const got = readAll(s);
    s.write('lost');
    const r = await got;
    expect(r.data.length).toBe(0);
    expect(r.closedAt - t0).toBeGreaterThanOrEqual(280);
    expect(r.closedAt - t0).toBeLessThan(5000);
  });

  it('timeout 0 holds the connection open with no data until removed, then closes it', async () => {
    const p = await fresh();
    const t = await p.addToxic({ name: 'bh', type: 'timeout', stream: 'downstream', toxicity: 1, attributes: { timeout: 0 } });
    const s = await connectTo(p.listen);
    const got = readAll(s);
    s.write('into the void');
    await new Promise((r) => setTimeout(r, 300));
    expect(s.destroyed).toBe(false);
    await t.remove();
    const r = await got;
    expect(r.data.length).toBe(0);
  });

  it('a disabled proxy refuses connections and closes open ones', async () => {
    const p = await fresh();
    const open = await connectTo(p.listen);
    const closed = readAll(open);
    await p.update({ enabled: false, listen: p.listen, upstream: p.upstream });
    await closed;
    await expect(connectTo(p.listen)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('bandwidth roughly respects the rate', async () => {
    const p = await fresh();
    await p.addToxic({ name: 'bw', type: 'bandwidth', stream: 'downstream', toxicity: 1, attributes: { rate: 100 } });
    const s = await connectTo(p.listen);
    const size = 50_000; // 0.5 s at 100 KB/s
    const t0 = performance.now();
    let got = 0;
    const done = within(new Promise<void>((resolve) => s.on('data', (c: Buffer) => { got += c.length; if (got >= size) resolve(); })), 10_000, 'the bandwidth-limited bytes');
    s.write(Buffer.alloc(size, 1));
    await done;
    const ms = performance.now() - t0;
    s.destroy();
    expect(ms).toBeGreaterThanOrEqual(400);
    expect(ms).toBeLessThan(5000);
  });

  it('slicer delivers every byte, in several pieces', async () => {
    const sizes: number[] = [];
    const sink = await tcpServer((sock) => sock.on('data', (c: Buffer) => sizes.push(c.length)));
    const p = await fresh(sink.address);
    // ~16 pieces 10 ms apart: they take time, and arrive as separate reads unless the sink stalls
    await p.addToxic({ name: 'sl', type: 'slicer', stream: 'upstream', toxicity: 1, attributes: { average_size: 100, size_variation: 20, delay: 10_000 } });
    const s = await connectTo(p.listen);
    const data = Buffer.from(Array.from({ length: 2000 }, (_, i) => i % 251));
    const t0 = performance.now();
    s.write(data);
    await waitUntil(() => (sizes.reduce((a, b) => a + b, 0) >= 2000 ? true : undefined), 10_000, 'all sliced bytes');
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(2000);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(100);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    s.destroy();
    await sink.close();
  });

  it('slow_close delays the close', async () => {
    const p = await fresh();
    await p.addToxic({ name: 'sc', type: 'slow_close', stream: 'upstream', toxicity: 1, attributes: { delay: 400 } });
    const before = new Set(echo.sockets);
    const s = await connectTo(p.listen);
    // the proxy's upstream connection for this client, once it reached the echo server
    const up = await waitUntil(() => [...echo.sockets].find((x) => !before.has(x)), 5_000, 'the proxy to connect upstream');
    const closedUpstream = new Promise<number>((resolve) => up.once('close', () => resolve(performance.now())));
    const t0 = performance.now();
    s.end();
    const at = await within(closedUpstream, 5_000, 'the upstream side to close');
    expect(at - t0).toBeGreaterThanOrEqual(350);
    s.destroy();
  });

  it('toxicity 0 leaves connections alone', async () => {
    const p = await fresh();
    await p.addToxic({ name: 'never', type: 'timeout', stream: 'downstream', toxicity: 0, attributes: { timeout: 0 } });
    expect(await roundTrip(p.listen)).toBeLessThan(3000);
  });
});
