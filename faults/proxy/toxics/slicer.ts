// slicer: cuts each chunk into pieces of about `average_size` ± `size_variation` bytes, with
// `delay` microseconds between pieces (Toxiproxy's halving split, seeded).
import { Stage } from '../stage.ts';
import { kind, type Attrs } from './kind.ts';

export class SlicerStage extends Stage<Attrs> {
  /** Sizes of the pieces still to send from the head chunk. */
  private sizes: number[] = [];

  protected pump(): void {
    const delayMs = (this.attrs.delay ?? 0) / 1000;
    while (this.q.length > 0) {
      const head = this.q[0]!;
      if (this.sizes.length === 0) this.sizes = this.split(head.data.length);
      const size = this.sizes.shift()!;
      if (size >= head.data.length) this.q.shift();
      else this.q[0] = { data: head.data.subarray(size), t: head.t };
      this.emit({ data: head.data.subarray(0, size), t: head.t });
      if (delayMs > 0 && (this.q.length > 0 || this.ending)) return this.wait(delayMs);
    }
    this.passEnd();
  }

  protected override restart(): void {
    this.sizes = [];
  }

  private split(length: number): number[] {
    const cuts = this.cuts(0, length);
    const sizes: number[] = [];
    for (let i = 1; i < cuts.length; i += 2) sizes.push(cuts[i]! - cuts[i - 1]!);
    return sizes.filter((s) => s > 0);
  }

  // [start, end] pairs: split about in half (± variation) until a piece is near the average
  private cuts(start: number, end: number): number[] {
    const avg = this.attrs.average_size ?? 0;
    const variation = Math.max(0, this.attrs.size_variation ?? 0);
    if (end - start - avg <= variation || end - start <= 1) return [start, end];
    const jitter = variation > 0 ? this.ctx.random.int(0, variation * 2 - 1) - variation : 0;
    const mid = Math.min(end - 1, Math.max(start + 1, start + Math.floor((end - start) / 2) + jitter));
    return [...this.cuts(start, mid), ...this.cuts(mid, end)];
  }
}

export const slicer = kind('toxics.SlicerToxic', ['average_size', 'size_variation', 'delay'], SlicerStage);
