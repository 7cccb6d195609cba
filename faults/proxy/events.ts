// Extension (not in Toxiproxy): what happened on the proxies, numbered, so the harness can put
// connections, refusals and toxic changes on its timeline. Keeps the last MAX events.
export interface ProxyEvent {
  seq: number;
  /** Epoch milliseconds. */
  time: number;
  proxy: string;
  event: string;
  detail?: Record<string, unknown>;
}

const MAX = 10_000;

export class EventLog {
  private list: ProxyEvent[] = [];
  private seq = 0;

  add(proxy: string, event: string, detail?: Record<string, unknown>): void {
    this.list.push({ seq: ++this.seq, time: Date.now(), proxy, event, ...(detail ? { detail } : {}) });
    if (this.list.length > MAX) this.list.splice(0, this.list.length - MAX);
  }

  /** Events with seq > since; `next` is what to pass next time. */
  since(since: number): { events: ProxyEvent[]; next: number } {
    return { events: this.list.filter((e) => e.seq > since), next: this.seq };
  }
}
