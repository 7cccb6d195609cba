// Seeded randomness (extension): the same seed picks the same connections for a toxic with
// toxicity < 1; another seed picks others.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectTo, echoServer, embedded, proxyTo, readAll, type TcpServer } from './helpers.ts';

let echo: TcpServer;
beforeAll(async () => {
  echo = await echoServer();
});
afterAll(async () => {
  await echo.close();
});

/** For 24 connections in a row: did a toxicity-0.5 limit_data of 1 byte hit it? */
async function pattern(seed: number): Promise<string> {
  const h = await embedded(seed);
  try {
    const p = await proxyTo(h, 'coin', echo.address);
    await p.addToxic({ name: 'cut', type: 'limit_data', stream: 'downstream', toxicity: 0.5, attributes: { bytes: 1 } });
    let out = '';
    for (let i = 0; i < 24; i++) {
      const s = await connectTo(p.listen);
      const got = readAll(s);
      s.end('hello');
      out += (await got).data.length === 1 ? 'x' : '.';
    }
    return out;
  } finally {
    await h.server.close();
  }
}

it('toxicity is rolled once per connection from the seed: same seed, same connections', async () => {
  const a = await pattern(42);
  const b = await pattern(42);
  const c = await pattern(43);
  expect(a).toBe(b);
  expect(a).toMatch(/x/);
  expect(a).toMatch(/\./);
  expect(c).not.toBe(a);
});
