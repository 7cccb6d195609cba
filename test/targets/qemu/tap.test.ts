// The tap relay: observes bytes in order, holds a direction at an exact byte, releases it, and
// still delivers held bytes when the sender closes.
import { createServer, connect, type Socket } from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { startTap, type Tap } from '../../../targets/qemu/tap.ts';

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
