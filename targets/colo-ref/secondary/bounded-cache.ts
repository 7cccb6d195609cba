// cache=bounded:N (the thread's proposal): the colo cache holds at most N pages instead of a full
// mirror of guest RAM. Since the apply, guest RAM equals the primary's checkpoint, so a page the
// secondary's guest is about to write is first copied here (copy-on-write: the primary's copy the
// flush must restore); the pages of the next checkpoint land here too. The flush copies every held
// page into RAM and frees its slot. The secondary asks for a checkpoint when its copies reach a
// quarter of the budget, the primary forces one when its dirty pages reach half, so both together
// stay inside it; a page that finds no free slot anyway is the budget hit mid-checkpoint.
import type { Ram } from '../guest/ram.ts';
import { PAGE_SIZE } from '../wire/codec.ts';

export class CacheFullError extends Error {}

export class BoundedCache {
  readonly buf: Buffer;
  /** Slot of each guest page, -1 = none. */
  private readonly slotOf: Int32Array;
  private readonly incoming: Uint8Array;
  private readonly free: number[];
  /** Pages held (copies and incoming). */
  used = 0;
  /** The secondary requests a checkpoint at this many held pages (a quarter of the budget). */
  readonly share: number;

  constructor(readonly pages: number, readonly budget: number) {
    this.buf = Buffer.alloc(budget * PAGE_SIZE);
    this.slotOf = new Int32Array(pages).fill(-1);
    this.incoming = new Uint8Array(pages);
    this.free = Array.from({ length: budget }, (_, i) => budget - 1 - i);
    this.share = Math.floor(budget / 4);
  }

  /** The budget share is used up: pause the guest and ask for a checkpoint. */
  get full(): boolean {
    return this.used >= this.share;
  }

  /** Before the guest's first write to a page since the apply: keep the primary's copy. */
  saveOriginal(ram: Ram, page: number): void {
    if (this.slotOf[page]! >= 0) return;
    const s = this.take(page, 'a guest write');
    ram.buf.copy(this.buf, s * PAGE_SIZE, page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  }

  /** Sink target for a RAM record of a checkpoint. */
  slot(page: number): { buf: Buffer; off: number } {
    this.incoming[page] = 1;
    return { buf: this.buf, off: this.take(page, 'the checkpoint stream') * PAGE_SIZE };
  }

  /** Checkpoint 0 goes straight into RAM: there is no earlier checkpoint to keep. */
  initialTarget(ram: Ram, page: number): { buf: Buffer; off: number } {
    return { buf: ram.buf, off: page * PAGE_SIZE };
  }

  finishInitial(ram: Ram): void {
    for (let p = 0; p < this.pages; p++) ram.replaced(p);
    ram.dirty.fill(0);
  }

  /** Pages the flush copies, in order: every held page (only incoming ones without own-dirty). */
  flushList(_ram: Ram, withOwnDirty: boolean): Uint32Array {
    const out: number[] = [];
    for (let p = 0; p < this.pages; p++) if (this.slotOf[p]! >= 0 && (withOwnDirty || this.incoming[p])) out.push(p);
    return Uint32Array.from(out);
  }

  flushRange(ram: Ram, list: Uint32Array, from: number, to: number): void {
    for (let i = from; i < to; i++) {
      const p = list[i] as number;
      const s = this.slotOf[p]!;
      this.buf.copy(ram.buf, p * PAGE_SIZE, s * PAGE_SIZE, (s + 1) * PAGE_SIZE);
      ram.replaced(p);
      this.release(p);
    }
  }

  /** stream=single, link lost inside the device state: the whole cache goes. */
  drop(): void {
    for (let p = 0; p < this.pages; p++) if (this.slotOf[p]! >= 0) this.release(p);
  }

  private take(page: number, what: string): number {
    const have = this.slotOf[page]!;
    if (have >= 0) return have;
    const s = this.free.pop();
    if (s === undefined) throw new CacheFullError(`colo cache budget of ${this.budget} pages hit by ${what} (page ${page})`);
    this.slotOf[page] = s;
    this.used++;
    return s;
  }

  private release(page: number): void {
    this.free.push(this.slotOf[page]!);
    this.slotOf[page] = -1;
    this.incoming[page] = 0;
    this.used--;
  }
}
