// The primary's heartbeat: pings the secondary, holds a lease from the newest acked ping,
// asks the secondary to stand down (`demote`) when it must, and tells when the secondary is gone.
import type net from 'node:net';
import { connectOnce, onLines, parseLine } from '../net.ts';

export interface HeartbeatHooks {
  demoted(): void;
  takenOver(): void;
}

/** Consecutive failed reconnects (refused / immediate EOF) for this long = the peer is gone. */
const DEAD_AFTER_MS = 300;

export class PrimaryHeartbeat {
  private sock: net.Socket | undefined;
  private newestAcked = performance.now();
  private failingSince: number | undefined;
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private connecting = false;
  private stopped = false;
  /** Send `demote` instead of pings (fenced, or the secondary must stand down). */
  demoting = false;

  constructor(
    private readonly addr: string,
    private readonly o: { interval: number; lease: number },
    private readonly hooks: HeartbeatHooks,
  ) {}

  /** Start with an already connected socket (the bounded start-up connect). */
  start(sock: net.Socket): void {
    this.attach(sock);
    this.newestAcked = performance.now();
    this.timer = setInterval(() => this.tick(), this.o.interval);
    // at once: the secondary's silence clock runs from its end of checkpoint 0
    this.tick();
  }

  leaseValid(): boolean {
    return performance.now() < this.newestAcked + this.o.lease;
  }

  /** The heartbeat connection is down and every reconnect failed for a while. */
  certainlyDead(): boolean {
    return !this.sock && this.failingSince !== undefined && performance.now() - this.failingSince > DEAD_AFTER_MS;
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.sock?.destroy();
  }

  private tick(): void {
    if (!this.sock) return void this.reconnect();
    const msg = this.demoting ? { t: 'demote' } : { t: 'ping', id: this.nextId++, sentAt: performance.now() };
    this.sock.write(JSON.stringify(msg) + '\n');
  }

  private attach(sock: net.Socket): void {
    // Closed already (a proxy that accepted but could not reach the secondary): the next tick reconnects.
    if (sock.closed) return void (this.failingSince ??= performance.now());
    this.sock = sock;
    onLines(sock, (line) => {
      const m = parseLine(line);
      if (!m) return;
      this.failingSince = undefined;
      if (m.t === 'ack' && typeof m.sentAt === 'number') this.newestAcked = Math.max(this.newestAcked, m.sentAt);
      else if (m.t === 'demoted') this.hooks.demoted();
      else if (m.t === 'taken-over') this.hooks.takenOver();
    });
    sock.on('error', () => {});
    sock.on('close', () => {
      if (this.sock === sock) this.sock = undefined;
      this.failingSince ??= performance.now();
    });
  }

  private reconnect(): void {
    if (this.connecting || this.stopped) return;
    this.connecting = true;
    connectOnce(this.addr).then(
      (s) => {
        this.connecting = false;
        if (this.stopped) return void s.destroy();
        this.attach(s);
      },
      () => {
        this.connecting = false;
        this.failingSince ??= performance.now();
      },
    );
  }
}
