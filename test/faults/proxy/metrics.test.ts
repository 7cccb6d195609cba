// /metrics in Prometheus text format, as toxiproxy-server serves it with -proxy-metrics and
// -runtime-metrics: bytes received and sent per proxy and direction, and process metrics.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startEmbeddedProxy, type EmbeddedProxy } from '../../../faults/proxy/index.ts';
import { goFloat } from '../../../faults/proxy/metrics.ts';
import { connectTo, echoServer, fetchWithin, within, type TcpServer } from './helpers.ts';

let echo: TcpServer;
beforeAll(async () => {
  echo = await echoServer();
});
afterAll(async () => {
  await echo.close();
});

async function withServer(opts: { proxyMetrics?: boolean; runtimeMetrics?: boolean }, fn: (s: EmbeddedProxy) => Promise<void>): Promise<void> {
  const server = await startEmbeddedProxy(opts);
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

async function metrics(server: EmbeddedProxy): Promise<{ status: number; text: string; type: string | null }> {
  const r = await fetchWithin(`${server.url}/metrics`);
  return { status: r.status, text: await r.text(), type: r.headers.get('content-type') };
}

it('is not there unless asked for (Toxiproxy registers the route only with a metrics option)', async () => {
  await withServer({}, async (server) => {
    expect(await metrics(server)).toMatchObject({ status: 404, text: '404 page not found\n' });
  });
});

it('counts bytes received and sent per proxy and direction with -proxy-metrics', async () => {
  await withServer({ proxyMetrics: true }, async (server) => {
    const made = await fetchWithin(`${server.url}/proxies`, { method: 'POST', body: JSON.stringify({ name: 'm', listen: '127.0.0.1:0', upstream: echo.address }) });
    const { listen } = (await made.json()) as { listen: string };
    const s = await connectTo(listen);
    const back = within(new Promise<void>((resolve) => {
      let n = 0;
      s.on('data', (c: Buffer) => (n += c.length) >= 5 && resolve());
    }), 5_000, 'the echo');
    s.write('hello');
    await back;
    s.destroy();
    const m = await metrics(server);
    expect(m.status).toBe(200);
    expect(m.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const labels = (d: string): string => `{direction="${d}",listener="${listen}",proxy="m",upstream="${echo.address}"}`;
    for (const name of ['received', 'sent']) {
      expect(m.text).toContain(`# TYPE toxiproxy_proxy_${name}_bytes_total counter\n`);
      for (const d of ['upstream', 'downstream']) expect(m.text).toContain(`toxiproxy_proxy_${name}_bytes_total${labels(d)} 5\n`);
    }
    expect(m.text).not.toContain('process_');
  });
});

it('serves process metrics with -runtime-metrics', async () => {
  await withServer({ runtimeMetrics: true }, async (server) => {
    const m = await metrics(server);
    expect(m.status).toBe(200);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'process_open_fds']) {
      expect(m.text).toMatch(new RegExp(`^${name} [0-9.e+]+$`, 'm'));
    }
    const start = Number(/^process_start_time_seconds (\S+)$/m.exec(m.text)![1]);
    expect(Math.abs(start - (Date.now() / 1000 - process.uptime()))).toBeLessThan(5);
    expect(m.text).not.toContain('toxiproxy_proxy_');
  });
});

it('prints values as the Go client does (strconv g, shortest)', () => {
  expect([0, 5, 123456, 1234567, 0.5, 1733400000.25, 1e-5].map(goFloat)).toEqual(['0', '5', '123456', '1.234567e+06', '0.5', '1.73340000025e+09', '1e-05']);
});
