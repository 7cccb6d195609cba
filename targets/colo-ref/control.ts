// The replica's side of the control channel (TARGET-PROTOCOL §2): events out, awaited;
// requests in (arm / continue / state / ...); breakpoints that pause with the event loop running.
import type net from 'node:net';
import { isPhase, type Phase, type Role } from '../../core/model/phases.ts';
import { connectRetry, onLines, parseLine, writeAwait } from './net.ts';
import { now } from './clock.ts';

export const VERSION = 'colo-ref/1';
/** Phases whose breakpoint lands inside the phase; the owner pauses at the right byte / page. */
const INNER: readonly Phase[] = ['P6', 'P8', 'S3', 'S5', 'S7a', 'S7b'];

export type Handler = (msg: Record<string, unknown>) => unknown;

interface Breakpoint {
  phase: Phase;
  checkpoint: number;
  bytes?: number;
}

export class Control {
  private armed: Breakpoint[] = [];
  private waiting: Array<() => void> = [];
  readonly handlers = new Map<string, Handler>();

  private constructor(private readonly sock: net.Socket, readonly role: Role) {
    onLines(sock, (l) => void this.onRequest(l));
    sock.on('error', () => {});
    sock.on('close', () => {
      process.stderr.write('colo-ref: control channel closed; exiting\n');
      process.exit(0);
    });
  }

  static async connect(addr: string, role: Role, timeoutMs: number): Promise<Control> {
    return new Control(await connectRetry(addr, 'control listener', timeoutMs), role);
  }

  /** The first event; sent once every listener of this replica is open, so a peer started after it finds them. */
  hello(pages: number): Promise<void> {
    return this.emit({ type: 'hello', role: this.role, pid: process.pid, pages, version: VERSION });
  }

  /** Write one event and wait until it has been handed to the kernel. */
  async emit(ev: Record<string, unknown>): Promise<void> {
    try {
      // every event carries the replica's clock (`t`, epoch ms): the harness orders the two replicas' events by it
      await writeAwait(this.sock, JSON.stringify(ev.type === 'hello' || ev.type === 'reply' ? ev : { t: now(), ...ev, role: this.role }) + '\n');
    } catch {
      // The harness is gone; the close handler exits.
    }
  }

  /** Report a phase; stop there if a breakpoint is armed on it (except inner ones: see take()). */
  async phase(phase: Phase, checkpoint: number, extra: Record<string, unknown> = {}): Promise<void> {
    await this.emit({ type: 'phase', phase, checkpoint, ...extra });
    if (!INNER.includes(phase) && this.take(phase, checkpoint)) await this.pause(phase, checkpoint);
  }

  /** Remove and return the breakpoint armed at (phase, checkpoint), if any. */
  take(phase: Phase, checkpoint: number): Breakpoint | undefined {
    const i = this.armed.findIndex((b) => b.phase === phase && b.checkpoint === checkpoint);
    return i < 0 ? undefined : this.armed.splice(i, 1)[0];
  }

  /** Emit `paused` and wait for `continue`. */
  async pause(phase: Phase, checkpoint: number, extra: Record<string, unknown> = {}): Promise<void> {
    const resumed = new Promise<void>((r) => this.waiting.push(r));
    await this.emit({ type: 'paused', phase, checkpoint, ...extra });
    await resumed;
  }

  /** A protocol error: report it, say it on stderr, exit 1. */
  async fatal(message: string): Promise<never> {
    await this.emit({ type: 'error', message });
    process.stderr.write(`colo-ref ${this.role}: ${message}\n`);
    process.exit(1);
  }

  private async onRequest(line: string): Promise<void> {
    const msg = parseLine(line);
    const id = msg?.id;
    const answer = (ok: boolean, r: { result?: unknown; error?: string }) =>
      id === undefined
        ? ok || this.emit({ type: 'error', message: r.error ?? 'error' })
        : this.emit({ type: 'reply', id, ok, ...r });
    if (!msg || typeof msg.type !== 'string') return void answer(false, { error: `malformed control message: ${line.slice(0, 200)}` });
    try {
      const result = await this.dispatch(msg);
      await answer(true, { result });
    } catch (e) {
      await answer(false, { error: (e as Error).message });
    }
  }

  private async dispatch(msg: Record<string, unknown>): Promise<unknown> {
    switch (msg.type) {
      case 'arm': {
        if (!isPhase(msg.phase)) throw new Error(`unknown phase ${String(msg.phase)}`);
        if (!Number.isInteger(msg.checkpoint)) throw new Error('arm needs an integer checkpoint');
        const bytes = typeof msg.bytes === 'number' ? msg.bytes : undefined;
        this.armed.push({ phase: msg.phase, checkpoint: msg.checkpoint as number, ...(bytes === undefined ? {} : { bytes }) });
        return undefined;
      }
      case 'disarm':
        this.armed = [];
        return undefined;
      case 'continue': {
        const w = this.waiting;
        this.waiting = [];
        for (const r of w) r();
        return { resumed: w.length };
      }
      case 'shutdown':
        setImmediate(() => process.exit(0));
        return undefined;
      default: {
        const h = this.handlers.get(msg.type as string);
        if (!h) throw new Error(`unknown control message type "${String(msg.type)}"`);
        return await h(msg);
      }
    }
  }
}
