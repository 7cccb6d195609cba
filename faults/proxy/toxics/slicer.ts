// slicer: cuts each chunk into pieces of about `average_size` ± `size_variation` bytes, with
// `delay` microseconds between pieces (Toxiproxy's halving split, seeded). Delays under 1 ms are
// kept by event-loop turns rather than rounded up to setTimeout's 1 ms.
import { Stage } from '../stage.ts';
import { kind, type Attrs } from './kind.ts';

export class SlicerStage extends Stage<Attrs> {
  /** End offsets of the head chunk's pieces, and the next one to send. */
  private ends: number[] = [];
  private piece = 0;
  /** Where the head chunk's next piece starts. */
  private offset = 0;
  /** performance.now() before which the next piece may not leave. */
  private notBefore = 0;

  protected pump(): void {
    const delayMs = (this.attrs.delay ?? 0) / 1000;
    while (this.q.length > 0) {
      if (delayMs > 0 && performance.now() < this.notBefore) return this.waitUntil(this.notBefore);
      const head = this.q[0]!;
      if (this.piece === 0) this.split(head.data.length);
      const end = this.ends[this.piece++]!;
      const piece = head.data.subarray(this.offset, end);
      if (end >= head.data.length) this.nextChunk();
      else this.offset = end;
      this.emit({ data: piece, t: head.t });
      if (delayMs > 0) this.notBefore = performance.now() + delayMs;
    }
    if (delayMs > 0 && this.ending && performance.now() < this.notBefore) return this.waitUntil(this.notBefore);
    this.passEnd();
  }

  protected override restart(): void {
    this.trimHead(); // the head chunk is cut again from where it stands
    this.notBefore = 0;
  }

  protected override trimHead(): void {
    if (this.offset > 0) this.q[0] = { data: this.q[0]!.data.subarray(this.offset), t: this.q[0]!.t };
    this.piece = this.offset = 0;
  }

  private nextChunk(): void {
    this.q.shift();
    this.piece = this.offset = 0;
  }

  private split(length: number): void {
    this.ends.length = 0;
    this.cut(0, length);
  }

  // split about in half (± variation) until a piece is near the average; pieces in order
  private cut(start: number, end: number): void {
    const avg = this.attrs.average_size ?? 0;
    const variation = Math.max(0, this.attrs.size_variation ?? 0);
    if (end - start - avg <= variation || end - start <= 1) {
      if (end > start) this.ends.push(end);
      return;
    }
    const jitter = variation > 0 ? this.ctx.random.int(0, variation * 2 - 1) - variation : 0;
    const mid = Math.min(end - 1, Math.max(start + 1, start + Math.floor((end - start) / 2) + jitter));
    this.cut(start, mid);
    this.cut(mid, end);
  }
}

export const slicer = kind('toxics.SlicerToxic', ['average_size', 'size_variation', 'delay'], SlicerStage);
