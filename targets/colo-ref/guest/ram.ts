// Guest RAM: P pages of 4 KiB, a dirty bitmap (pages written since the last checkpoint / apply)
// and cached per-page hashes, recomputed only for pages changed since they were last hashed.
import { hash } from 'node:crypto';
import { PAGE_SIZE } from '../wire/codec.ts';

export const PAGE_HASH = 20;

export class Ram {
  readonly buf: Buffer;
  /** 1 = written by this replica's own guest since the last checkpoint (primary) / apply (secondary). */
  readonly dirty: Uint8Array;
  private readonly stale: Uint8Array;
  readonly hashes: Buffer;
  /** Called before a guest write changes a clean page (cache=bounded: copy-on-write, dirty count). */
  beforeWrite: ((page: number) => void) | undefined;

  constructor(readonly pages: number) {
    this.buf = Buffer.alloc(pages * PAGE_SIZE);
    this.dirty = new Uint8Array(pages);
    this.stale = new Uint8Array(pages).fill(1);
    this.hashes = Buffer.alloc(pages * PAGE_HASH);
  }

  page(i: number): Buffer {
    return this.buf.subarray(i * PAGE_SIZE, (i + 1) * PAGE_SIZE);
  }

  /** A guest write: dirty for replication and for the hash cache. */
  touched(i: number): void {
    this.dirty[i] = 1;
    this.stale[i] = 1;
  }

  /** A write that is not the guest's own (checkpoint load): only the hash cache cares. */
  replaced(i: number): void {
    this.stale[i] = 1;
  }

  readU64(page: number, off: number): bigint {
    return this.buf.readBigUInt64LE(page * PAGE_SIZE + off);
  }

  writeU64(page: number, off: number, v: bigint): void {
    if (!this.dirty[page]) this.beforeWrite?.(page);
    this.buf.writeBigUInt64LE(v, page * PAGE_SIZE + off);
    this.touched(page);
  }

  /** Bring every page hash up to date; returns the hash array (P x 20 bytes). */
  pageHashes(): Buffer {
    for (let i = 0; i < this.pages; i++) {
      if (!this.stale[i]) continue;
      hash('sha1', this.page(i), 'buffer').copy(this.hashes, i * PAGE_HASH);
      this.stale[i] = 0;
    }
    return this.hashes;
  }

  /** Indices of dirty pages, clearing the bitmap. */
  takeDirty(): Uint32Array {
    let n = 0;
    for (let i = 0; i < this.pages; i++) n += this.dirty[i] as number;
    const out = new Uint32Array(n);
    let k = 0;
    for (let i = 0; i < this.pages; i++) {
      if (this.dirty[i]) {
        out[k++] = i;
        this.dirty[i] = 0;
      }
    }
    return out;
  }
}
