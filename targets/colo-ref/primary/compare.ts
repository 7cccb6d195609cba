// colo-compare: each primary output waits for the secondary's output of the same seq.
// Equal bytes -> released; mismatch or no output within the timeout -> held until a checkpoint.
import type net from 'node:net';
import { parseLine } from '../net.ts';

export interface Output {
  seq: number;
  line: string;
  sock: net.Socket;
  held: boolean;
  timer?: NodeJS.Timeout;
}

export interface CompareHooks {
  /** May the primary release output right now (lease / standalone)? */
  canRelease(): boolean;
  match(out: Output): void;
  held(out: Output, reason: 'mismatch' | 'timeout' | 'no-lease'): void;
}

export class Compare {
  private readonly pending = new Map<number, Output>();

  constructor(private readonly timeoutMs: number, private readonly hooks: CompareHooks) {}

  get size(): number {
    return this.pending.size;
  }

  add(seq: number, line: string, sock: net.Socket): void {
    const out: Output = { seq, line, sock, held: false };
    out.timer = setTimeout(() => this.hold(out, 'timeout'), this.timeoutMs);
    this.pending.set(seq, out);
  }

  /** One line of the secondary's output (a response line carrying its seq). */
  secondary(line: string): void {
    const seq = parseLine(line)?.seq;
    const out = typeof seq === 'number' ? this.pending.get(seq) : undefined;
    if (!out || out.held) return;
    if (out.line !== line) return this.hold(out, 'mismatch');
    if (!this.hooks.canRelease()) return this.hold(out, 'no-lease');
    this.remove(out);
    this.hooks.match(out);
  }

  /** Outputs taken out for a release that the lease no longer allows: back in, held (until a checkpoint / standalone). */
  putBack(outs: Output[]): void {
    for (const out of outs) {
      this.pending.set(out.seq, out);
      this.hold(out, 'no-lease');
    }
  }

  /** Every queued output, in seq order, removed from compare (checkpoint flush / standalone). */
  takeAll(): Output[] {
    const all = [...this.pending.values()].sort((a, b) => a.seq - b.seq);
    for (const o of all) this.remove(o);
    return all;
  }

  private hold(out: Output, reason: 'mismatch' | 'timeout' | 'no-lease'): void {
    clearTimeout(out.timer);
    if (out.held && reason !== 'no-lease') return;
    out.held = true;
    this.hooks.held(out, reason);
  }

  private remove(out: Output): void {
    clearTimeout(out.timer);
    this.pending.delete(out.seq);
  }
}
