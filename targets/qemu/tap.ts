// A tiny TCP relay in front of (or behind) a fault proxy that shows every byte to an observer
// before it forwards it, and can hold a direction at an exact byte (a breakpoint on the stream).
// A held direction buffers at most HOLD_LIMIT bytes, then stops reading, so the sender blocks on
// TCP as it would behind a paused peer. Held bytes are delivered when the sender closes (as TCP
// would), unless the direction is cut: a sender that died at the breakpoint never sent them.
import { createServer, connect, type Server, type Socket } from 'node:net';

export type TapDirection = 'fwd' | 'back';

/** Bytes a held direction buffers before it stops reading from its sender. */
export const HOLD_LIMIT = 256 * 1024;

export interface Tap {
  port: number;
  /** Stop forwarding `dir` after the bytes seen so far; later bytes queue until release(). */
  hold(dir: TapDirection): void;
  release(dir: TapDirection): void;
  /** Whether `dir` is held, and how many bytes wait in it. */
  held(dir: TapDirection): boolean;
  heldBytes(dir: TapDirection): number;
  /**
   * The sender of `dir` died at the breakpoint: drop what is held and whatever it sent after it,
   * and end the receiver's stream there (EOF, as a dead process's socket gives). Returns bytes dropped.
   */
  cut(dir: TapDirection): number;
  /** Bytes forwarded so far per direction. */
  bytes(dir: TapDirection): number;
  close(): Promise<void>;
}

/**
 * Listens on `host:port` (0 = any free port); each accepted connection is relayed to `target`.
 * `observe` sees every chunk ('fwd' = accepted side -> target, 'back' = target -> accepted side)
 * just before it is written on; returning a number n holds the direction after the chunk's first
 * n bytes (the rest waits for release()). `onClose` fires when either side closes.
 */
export async function startTap(
  listen: { host: string; port: number }, target: { host: string; port: number },
  observe: (dir: TapDirection, chunk: Buffer) => number | null | void, onClose?: (why: string) => void,
): Promise<Tap> {
  const sockets = new Set<Socket>();
  const held: Record<TapDirection, Buffer[] | null> = { fwd: null, back: null };
  const count: Record<TapDirection, number> = { fwd: 0, back: 0 };
  let out: Record<TapDirection, Socket | null> = { fwd: null, back: null };
  let from: Record<TapDirection, Socket | null> = { fwd: null, back: null };
  const cutDirs = new Set<TapDirection>();
  const size = (q: Buffer[] | null): number => (q ?? []).reduce((n, c) => n + c.length, 0);
  const pass = (dir: TapDirection, chunk: Buffer): void => {
    const cut = observe(dir, chunk);
    const now = typeof cut === 'number' ? chunk.subarray(0, cut) : chunk;
    count[dir] += now.length;
    if (now.length) out[dir]?.write(now);
    if (typeof cut === 'number') held[dir] = [...(cut < chunk.length ? [chunk.subarray(cut)] : []), ...(held[dir] ?? [])];
  };
  const release = (dir: TapDirection): void => {
    const q = held[dir] ?? [];
    held[dir] = null;
    while (q.length && !held[dir]) pass(dir, q.shift()!);
    if (held[dir]) held[dir] = [...held[dir], ...q];
    if (!held[dir] || size(held[dir]) < HOLD_LIMIT) from[dir]?.resume();
  };
  const cut = (dir: TapDirection): number => {
    if (cutDirs.has(dir)) return 0;
    cutDirs.add(dir);
    const n = size(held[dir]);
    held[dir] = null;
    from[dir]?.destroy();
    out[dir]?.end();
    return n;
  };
  const server: Server = createServer((a) => {
    const b = connect(target);
    for (const s of [a, b]) { sockets.add(s); s.setNoDelay(true); }
    out = { fwd: b, back: a };
    from = { fwd: a, back: b };
    const feed = (dir: TapDirection) => (chunk: Buffer): void => {
      if (cutDirs.has(dir)) return;
      const q = held[dir];
      if (!q) return pass(dir, chunk);
      q.push(chunk);
      // bounded: the rest waits in the sender's socket buffers (and then in the sender)
      if (size(q) >= HOLD_LIMIT) from[dir]?.pause();
    };
    a.on('data', feed('fwd'));
    b.on('data', feed('back'));
    // the side that closed had sent its held bytes already: deliver them (a reset drops them, as
    // TCP's RST does), then close the other
    const end = (why: string, flush: TapDirection, other: Socket) => (hadError: boolean): void => {
      const q = cutDirs.has(flush) || hadError ? [] : held[flush] ?? [];
      held[flush] = null;
      for (const c of q) { count[flush] += c.length; other.write(c); }
      other.end();
      setTimeout(() => { a.destroy(); b.destroy(); }, 200).unref();
      onClose?.(why);
    };
    a.on('close', end('the connecting side closed', 'fwd', b));
    b.on('close', end('the target side closed', 'back', a));
    a.on('error', () => undefined);
    b.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : listen.port;
  return {
    port,
    hold: (dir) => { held[dir] ??= []; },
    release,
    held: (dir) => held[dir] !== null,
    heldBytes: (dir) => size(held[dir]),
    cut,
    bytes: (dir) => count[dir],
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}
