// noop: passes everything straight on (also what a connection gets when toxicity says no).
import { Stage } from '../stage.ts';
import { kind, type Attrs } from './kind.ts';

export class NoopStage extends Stage<Attrs> {
  protected pump(): void {
    for (const c of this.q.splice(0)) this.emit(c);
    this.passEnd();
  }
}

export const noop = kind('toxics.NoopToxic', [], NoopStage);
