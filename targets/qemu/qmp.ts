// A QMP client over a unix socket: newline-delimited JSON, greeting + qmp_capabilities,
// commands matched by id, events delivered to listeners. Every wait is bounded.
import { connect, type Socket } from 'node:net';

export interface QmpEvent {
  event: string;
  data?: Record<string, unknown>;
  timestamp?: { seconds: number; microseconds: number };
  /** Host ms (Date.now()) when the line arrived. */
  receivedAt: number;
}

export class QmpError extends Error {
  constructor(readonly command: string, readonly errorClass: string, desc: string) {
    super(`QMP ${command} failed: ${errorClass}: ${desc}`);
    this.name = 'QmpError';
  }
}

interface Pending {
  command: string;
  resolve(v: unknown): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class QmpClient {
  private buffer = '';
  private nextId = 1;
  private pending = new Map<string, Pending>();
  private listeners = new Set<(e: QmpEvent) => void>();
  private closed: Error | null = null;
  readonly events: QmpEvent[] = [];

  private constructor(private readonly socket: Socket, private readonly name: string) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (e) => this.fail(new Error(`QMP ${name}: ${e.message}`)));
    socket.on('close', () => this.fail(new Error(`QMP ${name}: connection closed`)));
  }

  /** Connect (retrying while QEMU creates the socket), read the greeting, negotiate capabilities. */
  static async connect(path: string, name: string, timeoutMs: number): Promise<QmpClient> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const socket = await new Promise<Socket | null>((resolve) => {
        const s = connect(path);
        s.once('connect', () => { s.removeAllListeners('error'); resolve(s); });
        s.once('error', (e) => { last = e.message; s.destroy(); resolve(null); });
      });
      if (socket) {
        const client = new QmpClient(socket, name);
        await client.greeting(Math.max(100, deadline - Date.now()));
        await client.execute('qmp_capabilities', undefined, Math.max(100, deadline - Date.now()));
        return client;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`QMP ${name}: no socket at ${path} within ${timeoutMs} ms (${last})`);
  }

  /** Run a command; rejects with QmpError on an error reply, or after timeoutMs. */
  execute<T = unknown>(command: string, args?: Record<string, unknown>, timeoutMs = 5000): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = `c${this.nextId++}`;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`QMP ${this.name}: no reply to ${command} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { command, resolve: resolve as (v: unknown) => void, reject, timer });
      this.socket.write(JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id }) + '\n');
    });
  }

  /** Listen to events; returns the unsubscribe function. */
  onEvent(fn: (e: QmpEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The next event matching `pred` (searching already received ones from index `from`). */
  waitEvent(pred: (e: QmpEvent) => boolean, timeoutMs: number, what: string, from = this.events.length): Promise<QmpEvent> {
    const seen = this.events.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { off(); reject(new Error(`QMP ${this.name}: no ${what} within ${timeoutMs} ms`)); }, timeoutMs);
      const off = this.onEvent((e) => {
        if (!pred(e)) return;
        clearTimeout(timer);
        off();
        resolve(e);
      });
    });
  }

  close(): void {
    this.fail(new Error(`QMP ${this.name}: closed`));
    this.socket.destroy();
  }

  private greetingWaiter: ((e: Error | null) => void) | null = null;
  private greeted = false;

  private greeting(timeoutMs: number): Promise<void> {
    if (this.greeted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`QMP ${this.name}: no greeting within ${timeoutMs} ms`)), timeoutMs);
      this.greetingWaiter = (e) => { clearTimeout(timer); if (e) reject(e); else resolve(); };
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line) this.onLine(line);
    }
  }

  private onLine(line: string): void {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return this.fail(new Error(`QMP ${this.name}: not JSON: ${line.slice(0, 200)}`));
    }
    if ('QMP' in msg) {
      this.greeted = true;
      this.greetingWaiter?.(null);
      return;
    }
    if (typeof msg.event === 'string') {
      const e: QmpEvent = { event: msg.event, receivedAt: Date.now(), ...(msg.data ? { data: msg.data as Record<string, unknown> } : {}), ...(msg.timestamp ? { timestamp: msg.timestamp as QmpEvent['timestamp'] } : {}) };
      this.events.push(e);
      for (const fn of [...this.listeners]) fn(e);
      return;
    }
    const p = typeof msg.id === 'string' ? this.pending.get(msg.id) : undefined;
    if (!p) return;
    this.pending.delete(msg.id as string);
    clearTimeout(p.timer);
    if ('error' in msg) {
      const err = msg.error as { class?: string; desc?: string };
      p.reject(new QmpError(p.command, err.class ?? 'GenericError', err.desc ?? 'unknown error'));
    } else p.resolve(msg.return);
  }

  private fail(e: Error): void {
    if (this.closed) return;
    this.closed = e;
    this.greetingWaiter?.(e);
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
  }
}

/** HMP through QMP; HMP reports errors as text, which becomes a thrown error here. */
export async function hmp(q: QmpClient, line: string, timeoutMs = 5000): Promise<void> {
  const out = await q.execute<string>('human-monitor-command', { 'command-line': line }, timeoutMs);
  if (typeof out === 'string' && out.trim()) throw new Error(`HMP "${line.split(' ')[0]}": ${out.trim()}`);
}
