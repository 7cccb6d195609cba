// Toxics added, updated and removed while data flows, on both directions: the echoed
// sequence-numbered stream comes back with no byte lost, duplicated or reordered.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Random } from '../../../core/random.ts';
import { connectTo, echoServer, embedded, proxyTo, within, type Harness, type TcpServer } from './helpers.ts';
import { drained } from './stream.ts';

let h: Harness;
let echo: TcpServer;
beforeAll(async () => {
  h = await embedded();
  echo = await echoServer();
});
afterAll(async () => {
  await h.server.close();
  await echo.close();
});

const WORDS = 1 << 20; // 4 MiB of uint32 sequence numbers
const PER_WRITE = 1024; // with a 1 ms pause after each write: about a second of traffic

// toxics that must not drop data, with attributes drawn from r
const LOSSLESS: Array<[string, (r: Random) => Record<string, number>]> = [
  ['latency', (r) => ({ latency: r.int(0, 3), jitter: r.int(0, 2) })],
  ['slicer', (r) => ({ average_size: r.int(200, 2000), size_variation: r.int(0, 150), delay: r.int(0, 50) })],
  ['bandwidth', (r) => ({ rate: r.pick([0, 20_000, 100_000]) })],
  ['slow_close', (r) => ({ delay: r.int(0, 20) })],
  ['noop', () => ({})],
  ['limit_data', () => ({ bytes: 1e12 })],
];

it('adding and removing toxics under traffic never loses, duplicates or reorders a byte', async () => {
  const r = new Random(2024);
  const p = await proxyTo(h, 'live', echo.address);
  const s = await connectTo(p.listen);
  let expected = 0;
  let carry: Buffer = Buffer.alloc(0);
  let bad: string | null = null;
  s.on('data', (c: Buffer) => {
    const buf = carry.length ? Buffer.concat([carry, c]) : c;
    const whole = buf.length - (buf.length % 4);
    for (let i = 0; i < whole && !bad; i += 4) {
      const v = buf.readUInt32LE(i);
      if (v !== expected) bad = `word ${expected} came back as ${v}`;
      expected++;
    }
    carry = buf.subarray(whole);
  });
  const ended = within(new Promise<void>((resolve) => s.once('end', resolve)), 60_000, 'the echoed stream to end');

  let writing = true;
  const writer = (async () => {
    for (let w = 0; w < WORDS; w += PER_WRITE) {
      const b = Buffer.alloc(PER_WRITE * 4);
      for (let i = 0; i < PER_WRITE; i++) b.writeUInt32LE(w + i, i * 4);
      if (!s.write(b)) await drained(s, `word ${w}`);
      await new Promise((res) => setTimeout(res, 1));
    }
    writing = false;
  })();

  const live: Array<{ remove(): Promise<void>; update(b: never): Promise<unknown>; type: string; stream: string; name: string; toxicity: number }> = [];
  let changes = 0;
  const mutator = (async () => {
    while (writing) {
      const action = live.length === 0 ? 0 : r.int(0, 2);
      if (action === 0 && live.length < 6) {
        const [type, attrs] = r.pick(LOSSLESS);
        const stream = r.pick(['upstream', 'downstream'] as const);
        live.push(await p.addToxic({ name: `m${changes}`, type: type as never, stream, toxicity: 1, attributes: attrs(r) }) as never);
      } else if (action === 1) {
        const t = live[r.int(0, live.length - 1)]!;
        const attrs = LOSSLESS.find(([k]) => k === t.type)![1](r);
        await t.update({ name: t.name, type: t.type, stream: t.stream, toxicity: 1, attributes: attrs } as never);
      } else {
        const [t] = live.splice(r.int(0, live.length - 1), 1);
        await t!.remove();
      }
      changes++;
      await new Promise((res) => setTimeout(res, r.int(1, 15)));
    }
  })();

  await writer;
  await mutator;
  await h.client.reset(); // release anything a rate-0 bandwidth still holds
  s.end();
  await ended;
  expect(bad).toBeNull();
  expect(expected).toBe(WORDS);
  expect(carry.length).toBe(0);
  expect(changes).toBeGreaterThan(20);
  s.destroy();
  await p.remove();
}, 70_000);
