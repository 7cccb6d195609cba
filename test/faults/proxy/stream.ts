// Test traffic: a fast, seeded, never-repeating byte stream (a random block stamped with a
// counter) and a writer that respects backpressure.
import { createHash, type Hash } from 'node:crypto';
import type { Socket } from 'node:net';
import { Random } from '../../../core/random.ts';

export const BLOCK = 64 * 1024;

/** Block i of the stream for `seed`: the seed's random block, its first 8 bytes the counter. */
export function blockMaker(seed: number): (i: number) => Buffer {
  const r = new Random(seed);
  const base = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i += 4) base.writeUInt32LE(r.int(0, 0xffffffff) >>> 0, i);
  return (i) => {
    const b = Buffer.from(base);
    b.writeBigUInt64LE(BigInt(i), 0);
    return b;
  };
}

export function drained(s: Socket, what: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const ok = (): void => {
      s.off('close', closed);
      resolve();
    };
    const closed = (): void => {
      s.off('drain', ok);
      reject(new Error(`socket closed while writing ${what}`));
    };
    s.once('drain', ok);
    s.once('close', closed);
  });
}

/** Write `blocks` blocks to s, waiting for drain; resolves with the sender-side hash. */
export async function sendBlocks(s: Socket, seed: number, blocks: number, end = true): Promise<string> {
  const make = blockMaker(seed);
  const hash = createHash('sha1');
  for (let i = 0; i < blocks; i++) {
    const b = make(i);
    hash.update(b);
    if (!s.write(b)) await drained(s, `block ${i} of ${blocks}`);
  }
  if (end) s.end();
  return hash.digest('hex');
}

/** Counts and hashes everything a socket receives until it ends. */
export function hashUntilEnd(s: Socket): Promise<{ bytes: number; hash: string }> {
  const hash: Hash = createHash('sha1');
  let bytes = 0;
  s.on('data', (c: Buffer) => {
    bytes += c.length;
    hash.update(c);
  });
  return new Promise((resolve, reject) => {
    s.once('end', () => resolve({ bytes, hash: hash.digest('hex') }));
    s.once('error', reject);
  });
}
