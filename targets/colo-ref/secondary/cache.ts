// The colo cache (QEMU's migration/ram.c, its colo_* functions): a full mirror of the primary's RAM
// as of its last stream, with an incoming-dirty bitmap. The flush copies (primary-sent ∪ own-dirty)
// pages into guest RAM.
import type { Ram } from '../guest/ram.ts';
import { PAGE_SIZE } from '../wire/codec.ts';

export class ColoCache {
  readonly buf: Buffer;
  readonly incoming: Uint8Array;

  constructor(readonly pages: number) {
    this.buf = Buffer.alloc(pages * PAGE_SIZE);
    this.incoming = new Uint8Array(pages);
  }

  /** Sink target for a RAM record: the page's slot in the cache, marked incoming. */
  slot(page: number): { buf: Buffer; off: number } {
    this.incoming[page] = 1;
    return { buf: this.buf, off: page * PAGE_SIZE };
  }

  /** Pages the flush will copy, in order. */
  flushList(ram: Ram, withOwnDirty: boolean): Uint32Array {
    const out: number[] = [];
    for (let p = 0; p < this.pages; p++) if (this.incoming[p] || (withOwnDirty && ram.dirty[p])) out.push(p);
    return Uint32Array.from(out);
  }

  /** Copy pages [from, to) of a flush list into RAM. */
  flushRange(ram: Ram, list: Uint32Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const p = list[i] as number;
      this.buf.copy(ram.buf, p * PAGE_SIZE, p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      ram.replaced(p);
      this.incoming[p] = 0;
    }
  }

  initialTarget(_ram: Ram, page: number): { buf: Buffer; off: number } {
    return this.slot(page);
  }

  finishInitial(ram: Ram): void {
    this.loadAll(ram);
  }

  /** stream=single, link lost inside the device state: the checkpoint's pages are dropped. */
  drop(): void {
    this.incoming.fill(0);
  }

  /** Initial sync: all of RAM from the cache. */
  loadAll(ram: Ram): void {
    this.buf.copy(ram.buf);
    for (let p = 0; p < this.pages; p++) ram.replaced(p);
    this.incoming.fill(0);
    ram.dirty.fill(0);
  }
}
