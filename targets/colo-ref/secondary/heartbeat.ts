// The secondary's heartbeat listener: acks pings while it is a secondary, acts on `demote`, and
// (auto mode) fails over after a silence measured only while this process was running.
import type net from 'node:net';
import { listen, onLines, parseLine } from '../net.ts';

export interface SecondaryHeartbeatHooks {
  mode(): 'secondary' | 'fenced' | 'failed-over';
  demote(): void;
  silent(ms: number): void;
}

const TICK_MS = 25;
/**
 * Until the first ping after the initial sync, silence is allowed this many timeouts: the primary
 * ends its side of checkpoint 0 (and sends that ping) a moment after this side did, and on a loaded
 * machine (load ~10 on 2 cores) that moment was over 600 ms: the secondary took over a pair that
 * had never run, and the primary's initial sync died of EPIPE (6 of 8 starts).
 */
const FIRST_PING_TIMEOUTS = 5;

export class SecondaryHeartbeat {
  private lastPing = performance.now();
  private lastTick = performance.now();
  private pinged = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly socks = new Set<net.Socket>();

  constructor(private readonly timeoutMs: number, private readonly hooks: SecondaryHeartbeatHooks) {}

  async listen(port: number): Promise<void> {
    await listen(port, (s) => {
      this.socks.add(s);
      s.on('close', () => this.socks.delete(s));
      onLines(s, (line) => this.onMessage(s, line));
    });
  }

  /** Start the silence clock (after the initial sync) with failover on silence if `auto`. */
  watch(auto: boolean): void {
    this.lastPing = this.lastTick = performance.now();
    if (!auto) return;
    this.timer = setInterval(() => {
      const t = performance.now();
      // A tick far later than scheduled: this process was stopped (SIGSTOP) or blocked; restart the clock.
      if (t - this.lastTick > TICK_MS + Math.max(200, this.timeoutMs / 2)) this.lastPing = t;
      this.lastTick = t;
      const timeout = this.pinged ? this.timeoutMs : this.timeoutMs * FIRST_PING_TIMEOUTS;
      if (this.hooks.mode() === 'secondary' && t - this.lastPing > timeout) this.hooks.silent(Math.round(t - this.lastPing));
    }, TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private onMessage(s: net.Socket, line: string): void {
    const m = parseLine(line);
    if (!m) return;
    const mode = this.hooks.mode();
    const answer = (x: Record<string, unknown>) => s.writable && s.write(JSON.stringify(x) + '\n');
    if (m.t === 'ping') {
      if (mode === 'secondary') {
        this.lastPing = performance.now();
        this.pinged = true;
        answer({ t: 'ack', id: m.id, sentAt: m.sentAt });
      } else answer({ t: mode === 'failed-over' ? 'taken-over' : 'demoted' });
    } else if (m.t === 'demote') {
      if (mode === 'secondary') this.hooks.demote();
      answer({ t: this.hooks.mode() === 'failed-over' ? 'taken-over' : 'demoted' });
    }
  }
}
