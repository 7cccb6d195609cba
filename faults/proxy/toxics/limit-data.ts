// limit_data: passes exactly `bytes` bytes over the connection's life, then closes it.
// The count survives updates of the toxic, as Toxiproxy's per-link state does.
import { Stage } from '../stage.ts';
import { kind, type Attrs } from './kind.ts';

export class LimitDataStage extends Stage<Attrs> {
  private sent = 0;

  protected pump(): void {
    const limit = this.attrs.bytes ?? 0;
    while (this.q.length > 0) {
      const c = this.q.shift()!;
      const room = Math.max(0, limit - this.sent);
      const data = c.data.length > room ? c.data.subarray(0, room) : c.data;
      if (data.length < c.data.length) this.ctx.dropped(c.data.length - data.length);
      if (data.length > 0) {
        this.sent += data.length;
        this.emit(data === c.data ? c : { data, t: c.t });
      }
      if (limit - this.sent <= 0) return this.close('close');
    }
    this.passEnd();
  }
}

export const limitData = kind('toxics.LimitDataToxic', ['bytes'], LimitDataStage);
