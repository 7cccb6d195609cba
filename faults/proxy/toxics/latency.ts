// latency: each chunk leaves `latency` ± `jitter` ms after it was read (times in milliseconds).
// Chunks keep their order; a later chunk never overtakes an earlier one.
import { Stage } from '../stage.ts';
import { kind, type Attrs } from './kind.ts';

export class LatencyStage extends Stage<Attrs> {
  private due: number | undefined;

  protected pump(): void {
    while (this.q.length > 0) {
      const head = this.q[0]!;
      this.due ??= head.t + this.delay();
      const left = this.due - performance.now();
      if (left > 0.5) return this.wait(left);
      this.q.shift();
      this.due = undefined;
      this.emit(head);
    }
    this.passEnd();
  }

  protected override restart(): void {
    this.due = undefined;
  }

  // as Toxiproxy: latency + [-jitter, jitter), from the seeded generator
  private delay(): number {
    const { latency = 0, jitter = 0 } = this.attrs;
    return jitter > 0 ? latency + this.ctx.random.int(-jitter, jitter - 1) : latency;
  }
}

export const latency = kind('toxics.LatencyToxic', ['latency', 'jitter'], LatencyStage);
