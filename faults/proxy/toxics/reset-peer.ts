// reset_peer: on the first data (or EOF) it drops what it got and, `timeout` ms later, resets
// the connection (TCP RST both ways, like Toxiproxy's SetLinger(0) + Close).
import { Stage } from '../stage.ts';
import { kind, type Attrs } from './kind.ts';

export class ResetPeerStage extends Stage<Attrs> {
  private armed = false;

  protected pump(): void {
    const hit = this.q.length > 0 || this.ending !== null;
    this.drop();
    if (!hit || this.armed) return;
    this.armed = true;
    this.arm();
  }

  protected override restart(): void {
    if (this.armed) this.arm();
  }

  private arm(): void {
    this.after(this.attrs.timeout ?? 0, () => this.close('reset'));
  }
}

export const resetPeer = kind('toxics.ResetToxic', ['timeout'], ResetPeerStage);
