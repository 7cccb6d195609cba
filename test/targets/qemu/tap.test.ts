// The tap relay: observes bytes in order, holds a direction at an exact byte, releases it, and
// still delivers held bytes when the sender closes; a held direction is bounded, can be cut, and a reset drops it.
import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { HOLD_LIMIT, startTap, type Tap } from '../../../targets/qemu/tap.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** A sink server that collects what it receives; resolves its port. */
async function sink(): Promise<{ port: number; got: () => string; ended: Promise<void> }> {
  let buf = '';
  let done!: () => void;
  const ended = new Promise<void>((r) => { done = r; });
  const server = createServer((s) => { s.on('data', (c) => { buf += c.toString(); }); s.on('end', () => done()); s.on('error', () => undefined); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => server.close(() => r())));
  return { port: (server.address() as { port: number }).port, got: () => buf, ended };
}

async function client(tap: Tap): Promise<Socket> {
  const s = connect(tap.port, '127.0.0.1');
  await new Promise((r) => s.once('connect', r));
  cleanups.push(() => { s.destroy(); });
  return s;
}

const until = async (pred: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('tap', () => {
  test('holds after an exact byte and releases the rest in order', async () => {
    const s = await sink();
    const seen: string[] = [];
    let cutOnce = true;
    const tap = await startTap({ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: s.port }, (_d, c) => {
      seen.push(c.toString());
      if (cutOnce && c.includes('|')) { cutOnce = false; return c.indexOf('|') + 1; }
      return null;
    });
    cleanups.push(() => tap.close());
    const c = await client(tap);
    c.write('abc|def');
    await until(() => s.got() === 'abc|');
    c.write('ghi');
    await new Promise((r) => setTimeout(r, 100));
    expect(s.got()).toBe('abc|');
    tap.release('fwd');
    await until(() => s.got() === 'abc|defghi');
    expect(tap.bytes('fwd')).toBe(10);
    expect(seen.join('')).toContain('abc|def');
  });

  test('bytes held when the sender closes are still delivered', async () => {
    const s = await sink();
    const tap = await startTap({ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: s.port }, () => null);
    cleanups.push(() => tap.close());
    const c = await client(tap);
    c.write('one');
    await until(() => s.got() === 'one');
    tap.hold('fwd');
    c.end('two');
    await s.ended;
    expect(s.got()).toBe('onetwo');
  });
});

describe('tap holding for a breakpoint', () => {
  test('a held direction buffers at most HOLD_LIMIT (plus one read) and then stops reading: the sender backs up', async () => {
    const s = await sink();
    const tap = await startTap({ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: s.port }, () => null);
    cleanups.push(() => tap.close());
    const c = await client(tap);
    tap.hold('fwd');
    const block = Buffer.alloc(64 * 1024, 7);
    // far more than the tap may hold and the kernel buffers between them together
    for (let i = 0; i < 512; i++) c.write(block);
    await until(() => tap.heldBytes('fwd') >= HOLD_LIMIT);
    await new Promise((r) => setTimeout(r, 300));
    expect(tap.heldBytes('fwd')).toBeLessThan(HOLD_LIMIT + 2 * block.length);
    expect(c.writableLength).toBeGreaterThan(0);
    expect(s.got()).toBe('');
    tap.release('fwd');
    await until(() => s.got().length === 512 * block.length, 10_000);
  });

  test('cut: the receiver gets the bytes before the breakpoint, then EOF; later bytes never arrive', async () => {
    const s = await sink();
    const tap = await startTap({ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: s.port }, (_d, c) => (c.includes('|') ? c.indexOf('|') + 1 : null));
    cleanups.push(() => tap.close());
    const c = await client(tap);
    c.write('abc|def');
    await until(() => s.got() === 'abc|');
    c.write('ghi');
    await until(() => tap.heldBytes('fwd') === 6);
    expect(tap.cut('fwd')).toBe(6);
    await s.ended;
    expect(s.got()).toBe('abc|');
  });

  test('bytes held when the sender resets the connection are dropped, as TCP drops them', async () => {
    const s = await sink();
    const tap = await startTap({ host: '127.0.0.1', port: 0 }, { host: '127.0.0.1', port: s.port }, () => null);
    cleanups.push(() => tap.close());
    const c = await client(tap);
    c.write('one');
    await until(() => s.got() === 'one');
    tap.hold('fwd');
    c.write('two');
    await until(() => tap.heldBytes('fwd') === 3);
    c.resetAndDestroy();
    await s.ended;
    expect(s.got()).toBe('one');
  });
});
