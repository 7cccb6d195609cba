// The case's timeline: every event stamped with ms since the case started, plus bounded waits
// for an event to appear ("wait until the secondary reports paused at S3 of checkpoint 1").
import { performance } from 'node:perf_hooks';
import type { TimelineEvent } from '../../core/model/events.ts';

type Unstamped = TimelineEvent extends infer E ? (E extends TimelineEvent ? Omit<E, 't'> : never) : never;

interface Waiter {
  match(e: TimelineEvent): boolean;
  resolve(e: TimelineEvent): void;
}

export class Timeline {
  readonly events: TimelineEvent[] = [];
  private readonly t0 = performance.now();
  private waiters = new Set<Waiter>();

  now(): number {
    return Math.round((performance.now() - this.t0) * 1000) / 1000;
  }

  add(event: Unstamped): TimelineEvent {
    const stamped = { t: this.now(), ...event } as TimelineEvent;
    this.events.push(stamped);
    for (const w of [...this.waiters]) if (w.match(stamped)) w.resolve(stamped);
    return stamped;
  }

  find(match: (e: TimelineEvent) => boolean, from = 0): TimelineEvent | undefined {
    for (let i = from; i < this.events.length; i++) if (match(this.events[i]!)) return this.events[i];
    return undefined;
  }

  /**
   * Resolve with the first event (already recorded from index `from`, or future) that matches;
   * reject after timeoutMs with an error naming `what`, or when `signal` aborts.
   */
  waitFor(match: (e: TimelineEvent) => boolean, timeoutMs: number, what: string, opts: { from?: number; signal?: AbortSignal } = {}): Promise<TimelineEvent> {
    const seen = this.find(match, opts.from ?? 0);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const waiter: Waiter = { match, resolve: (e) => { done(); resolve(e); } };
      const timer = setTimeout(() => { done(); reject(new WaitTimeout(`waited ${timeoutMs} ms for ${what}; it did not happen`)); }, timeoutMs);
      const onAbort = (): void => { done(); reject(new Error(`interrupted while waiting for ${what}`)); };
      if (opts.signal?.aborted) return onAbort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }
}

export class WaitTimeout extends Error {}
