// Bytes through a proxy with no toxics arrive exactly: 1 GiB on one connection, and 64
// connections at once.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { connectTo, echoServer, embedded, fetchWithin, proxyTo, tcpServer, waitUntil, within, type Harness, type TcpServer } from './helpers.ts';
import { BLOCK, hashUntilEnd, sendBlocks } from './stream.ts';

let h: Harness;
beforeAll(async () => {
  h = await embedded();
});
afterAll(async () => {
  await h.server.close();
});

it('1 GiB arrives byte-exact (sha1 on both ends) and is counted', async () => {
  let received: Promise<{ bytes: number; hash: string }> | undefined;
  const sink: TcpServer = await tcpServer((s: Socket) => {
    received = hashUntilEnd(s);
  });
  const p = await proxyTo(h, 'gib', sink.address);
  const blocks = (1 << 30) / BLOCK;
  const s = await connectTo(p.listen);
  const sent = await within(sendBlocks(s, 11, blocks), 80_000, '1 GiB to be written');
  const got = await waitUntil(() => received, 80_000, '1 GiB to arrive', 5);
  expect(got.bytes).toBe(1 << 30);
  expect(got.hash).toBe(sent);
  const stats = JSON.parse(await (await fetchWithin(`${h.server.url}/x-colo-chaos/proxies/gib/stats`)).text());
  expect(stats.upstreamBytes).toBe(1 << 30);
  s.destroy();
  await p.remove();
  await sink.close();
}, 90_000);

it('64 concurrent connections each get their own bytes back exactly', async () => {
  const echo = await echoServer();
  const p = await proxyTo(h, 'many', echo.address);
  const results = await within(Promise.all(Array.from({ length: 64 }, async (_, i) => {
    const s = await connectTo(p.listen);
    const back = hashUntilEnd(s);
    const sent = await sendBlocks(s, 100 + i, 16);
    const got = await back;
    s.destroy();
    return { sent, got };
  })), 60_000, '64 echoed streams');
  for (const { sent, got } of results) {
    expect(got.bytes).toBe(16 * BLOCK);
    expect(got.hash).toBe(sent);
  }
  await p.remove();
  await echo.close();
});
