// slow_close: data passes; the close (EOF, or a close from an earlier toxic) waits `delay` ms.
import { Stage } from '../stage.ts';
import { kind, type Attrs } from './kind.ts';

export class SlowCloseStage extends Stage<Attrs> {
  private closing = false;

  protected pump(): void {
    for (const c of this.q.splice(0)) this.emit(c);
    if (this.ending && !this.closing) {
      this.closing = true;
      this.after(this.attrs.delay ?? 0, () => this.passEnd());
    }
  }

  protected override restart(): void {
    this.closing = false;
  }
}

export const slowClose = kind('toxics.SlowCloseToxic', ['delay'], SlowCloseStage);
