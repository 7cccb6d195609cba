// One toxic on one link: a stage of the direction's ordered chain.
//
//   source socket > Stage > Stage > ... > sink (destination socket)
//
// A stage holds the chunks it has not passed on yet, in order. Everything it does happens in
// one JS turn, so removing it (detach) hands its queue to the next stage before anything newer
// can arrive: no byte is lost, duplicated or reordered unless the toxic itself drops it.
import type { Random } from '../../core/random.ts';

/** Bytes read from the source in one go, stamped with performance.now() at the read. */
export interface Chunk {
  data: Buffer;
  t: number;
}

/** How a direction ends: EOF from the source, a close by a toxic, or a TCP reset. */
export type EndKind = 'end' | 'close' | 'reset';

export interface Receiver {
  push(c: Chunk): void;
  end(kind: EndKind): void;
}

/** What a stage may use from its link. */
export interface StageCtx {
  random: Random;
  /** Bytes a toxic threw away (so the link's flow control stops counting them). */
  dropped(bytes: number): void;
}

// setTimeout's ceiling; longer waits are re-armed by the next pump
const MAX_TIMER_MS = 0x7fffffff;

export abstract class Stage<A extends object = Record<string, number>> implements Receiver {
  protected q: Chunk[] = [];
  protected ending: EndKind | null = null;
  /** Passed its end on (or closed): takes nothing more. */
  protected done = false;
  private timer: NodeJS.Timeout | undefined;
  private turn: NodeJS.Immediate | undefined;
  private alarm: NodeJS.Timeout | undefined;

  constructor(protected attrs: A, protected ctx: StageCtx, public next: Receiver) {}

  push(c: Chunk): void {
    if (this.done) return this.ctx.dropped(c.data.length);
    this.q.push(c);
    if (!this.waiting) this.pump();
  }

  end(kind: EndKind): void {
    if (this.done || this.ending) return;
    this.ending = kind;
    if (!this.waiting) this.pump();
  }

  /** The toxic was updated: new attributes apply from now on. */
  update(attrs: A): void {
    this.attrs = attrs;
    this.clearTimers();
    this.restart();
    if (!this.done) this.pump();
  }

  /** The toxic is being removed: hand on everything inside, in order, and let go. */
  detach(): void {
    this.clearTimers();
    if (this.done) return;
    this.done = true;
    this.trimHead();
    for (const c of this.q.splice(0)) this.next.push(c);
    if (this.ending) this.next.end(this.ending);
  }

  /** The connection is gone: stop every timer. */
  dispose(): void {
    this.clearTimers();
    this.done = true;
    this.q = [];
  }

  /** Move queued data on as far as the toxic allows now. */
  protected abstract pump(): void;

  /** Re-arm per-run state after an update (timers are already cleared). */
  protected restart(): void {}

  protected emit(c: Chunk): void {
    this.next.push(c);
  }

  /** Call pump again in `ms`; push() does not pump while waiting. */
  protected wait(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.done) this.pump();
    }, Math.min(ms, MAX_TIMER_MS));
  }

  /**
   * Call pump again at `at` (performance.now() time), closer than setTimeout's 1 ms where it is
   * less than 1 ms away: then pump runs each event-loop turn (I/O goes on between) until it is due.
   */
  protected waitUntil(at: number): void {
    const ms = at - performance.now();
    if (ms >= 1) return this.wait(ms);
    this.turn = setImmediate(() => {
      this.turn = undefined;
      if (!this.done) this.pump();
    });
  }

  private get waiting(): boolean {
    return this.timer !== undefined || this.turn !== undefined;
  }

  /** Run `fn` in `ms` (now when ms <= 0), independent of pumping. */
  protected after(ms: number, fn: () => void): void {
    if (ms <= 0) return fn();
    this.alarm = setTimeout(() => {
      this.alarm = undefined;
      if (!this.done) fn();
    }, Math.min(ms, MAX_TIMER_MS));
  }

  /** Pass the end on once the queue is empty; true when it did. */
  protected passEnd(): boolean {
    if (this.q.length > 0 || this.ending === null || this.done) return false;
    this.done = true;
    this.next.end(this.ending);
    return true;
  }

  /** The toxic closes the connection: drop what is queued and end the chain with `kind`. */
  protected close(kind: EndKind): void {
    if (this.done) return;
    this.clearTimers();
    this.done = true;
    this.drop();
    this.next.end(kind);
  }

  protected drop(): void {
    this.trimHead();
    for (const c of this.q.splice(0)) this.ctx.dropped(c.data.length);
  }

  /** A stage that has passed on part of its head chunk cuts that part off here, before its queue is handed on or dropped. */
  protected trimHead(): void {}

  private clearTimers(): void {
    clearTimeout(this.timer);
    clearTimeout(this.alarm);
    clearImmediate(this.turn);
    this.timer = this.alarm = this.turn = undefined;
  }
}
