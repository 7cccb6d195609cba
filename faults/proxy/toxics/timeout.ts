// timeout: no data gets through (it is dropped); the connection closes `timeout` ms after the
// toxic reached it, or never when 0. Removing it closes the connection too, as Toxiproxy's
// Cleanup does: the stream already lost bytes.
import type { Receiver, StageCtx } from '../stage.ts';
import { Stage } from '../stage.ts';
import { kind, type Attrs } from './kind.ts';

export class TimeoutStage extends Stage<Attrs> {
  constructor(attrs: Attrs, ctx: StageCtx, next: Receiver) {
    super(attrs, ctx, next);
    this.restart();
  }

  protected pump(): void {
    this.drop();
    this.passEnd();
  }

  protected override restart(): void {
    const ms = this.attrs.timeout ?? 0;
    if (ms > 0) this.after(ms, () => this.close('close'));
  }

  override detach(): void {
    this.close('close');
  }
}

export const timeout = kind('toxics.TimeoutToxic', ['timeout'], TimeoutStage);
