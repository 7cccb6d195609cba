// A pull-style byte reader over pushed chunks: the checkpoint link's receive side.
// Reads are synchronous once `need(n)` resolved, so the page loop never allocates per page.
import type { Socket } from 'node:net';

export class StreamClosedError extends Error {}

export class StreamReader {
  private chunks: Buffer[] = [];
  /** Index of the first unconsumed chunk (no O(n) shift per chunk) and offset into it. */
  private ci = 0;
  private head = 0;
  private avail = 0;
  private waiter: { n: number; resolve: () => void; reject: (e: Error) => void } | undefined;
  private failure: Error | undefined;
  private readonly scratch = Buffer.alloc(8);
  /** Bytes consumed since construction. */
  consumed = 0;
  /** Called when buffered bytes drop below the low-water mark after a pause. */
  onDrained: (() => void) | undefined;
  /** Called on every push (progress for stall detection). */
  onData: (() => void) | undefined;

  constructor(private readonly highWater = 32 << 20) {}

  get buffered(): number {
    return this.avail;
  }

  /** Feed bytes; returns false when the producer should pause. */
  push(chunk: Buffer): boolean {
    if (chunk.length === 0) return true;
    this.chunks.push(chunk);
    this.avail += chunk.length;
    this.onData?.();
    const w = this.waiter;
    if (w && this.avail >= w.n) {
      this.waiter = undefined;
      w.resolve();
    }
    return this.avail < this.highWater;
  }

  /** The stream ended (cleanly or not); pending and later reads fail with this error. */
  end(err: Error): void {
    if (this.failure) return;
    this.failure = err;
    const w = this.waiter;
    this.waiter = undefined;
    w?.reject(err);
  }

  /** Resolves when at least n bytes are buffered. */
  need(n: number): Promise<void> {
    if (this.avail >= n) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiter = { n, resolve, reject };
    });
  }

  /** Copy n buffered bytes into dst at off (caller made sure they are buffered). */
  copyTo(dst: Buffer, off: number, n: number): void {
    let left = n;
    while (left > 0) {
      const c = this.chunks[this.ci] as Buffer;
      const take = Math.min(left, c.length - this.head);
      c.copy(dst, off + (n - left), this.head, this.head + take);
      this.head += take;
      left -= take;
      if (this.head === c.length) {
        this.ci++;
        this.head = 0;
      }
    }
    if (this.ci > 64) {
      this.chunks = this.chunks.slice(this.ci);
      this.ci = 0;
    }
    this.avail -= n;
    this.consumed += n;
    if (this.avail < this.highWater / 2) this.onDrained?.();
  }

  u32(): number {
    this.copyTo(this.scratch, 0, 4);
    return this.scratch.readUInt32BE(0);
  }

  u64(): bigint {
    this.copyTo(this.scratch, 0, 8);
    return this.scratch.readBigUInt64BE(0);
  }

  /** A be64 as [high, low] u32 halves (no BigInt on the per-page path). */
  u64parts(): [number, number] {
    this.copyTo(this.scratch, 0, 8);
    return [this.scratch.readUInt32BE(0), this.scratch.readUInt32BE(4)];
  }

  take(n: number): Buffer {
    const out = Buffer.allocUnsafe(n);
    this.copyTo(out, 0, n);
    return out;
  }
}

/** Bind a reader to a socket, with backpressure (pause above the high-water mark). */
export function socketReader(sock: Socket): StreamReader {
  const r = new StreamReader();
  sock.on('data', (d: Buffer) => {
    if (!r.push(d)) sock.pause();
  });
  r.onDrained = () => {
    if (sock.isPaused()) sock.resume();
  };
  sock.on('end', () => r.end(new StreamClosedError('connection closed by peer')));
  sock.on('error', (e) => r.end(new StreamClosedError(`connection error: ${e.message}`)));
  sock.on('close', () => r.end(new StreamClosedError('connection closed')));
  return r;
}
