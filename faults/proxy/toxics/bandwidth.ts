// bandwidth: at most `rate` KB/s (1 KB = 1000 bytes, as Toxiproxy), sent in slices of at most
// 100 ms worth. Rate 0 holds the data until the toxic is updated or removed.
import { Stage } from '../stage.ts';
import { kind, type Attrs } from './kind.ts';

export class BandwidthStage extends Stage<Attrs> {
  private sendAt: number | undefined;
  private last = 0;

  protected pump(): void {
    const rate = this.attrs.rate ?? 0; // bytes per millisecond
    while (this.q.length > 0) {
      if (rate <= 0) return;
      const head = this.q[0]!;
      const size = Math.min(head.data.length, rate * 100);
      const now = performance.now();
      // no credit for idle time: the slice starts when it can
      this.sendAt ??= Math.max(this.last, now) + size / rate;
      if (this.sendAt - now > 0.5) return this.wait(this.sendAt - now);
      this.last = this.sendAt;
      this.sendAt = undefined;
      if (size === head.data.length) this.emit(this.q.shift()!);
      else {
        this.emit({ data: head.data.subarray(0, size), t: head.t });
        this.q[0] = { data: head.data.subarray(size), t: head.t };
      }
    }
    this.passEnd();
  }

  protected override restart(): void {
    this.sendAt = undefined;
  }
}

export const bandwidth = kind('toxics.BandwidthToxic', ['rate'], BandwidthStage);
