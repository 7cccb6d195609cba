// The guest's client port (TARGET-PROTOCOL §3): JSON lines in, queued for the executor in arrival
// order; reading stops while the queue is over its bound (backpressure to clients).
import type net from 'node:net';
import { listen, onLines, parseLine } from './net.ts';

export interface ClientRequest {
  sock: net.Socket;
  raw: Record<string, unknown>;
}

export class ClientServer {
  readonly queue: ClientRequest[] = [];
  private readonly socks = new Set<net.Socket>();
  private server: net.Server | undefined;
  private paused = false;

  constructor(private readonly onQueued: () => void, private readonly bound = 4096) {}

  async listen(port: number): Promise<void> {
    this.server = await listen(port, (s) => {
      this.socks.add(s);
      s.on('close', () => this.socks.delete(s));
      if (this.paused) s.pause();
      onLines(s, (line) => {
        const raw = parseLine(line);
        if (!raw) return reply(s, JSON.stringify({ id: null, ok: false, error: 'bad-json' }));
        this.queue.push({ sock: s, raw });
        if (this.queue.length >= this.bound) this.pause();
        this.onQueued();
      });
    });
  }

  /** Stop reading every client socket (held queue full, or not serving yet). */
  pause(): void {
    this.paused = true;
    for (const s of this.socks) s.pause();
  }

  resume(): void {
    if (!this.paused || this.queue.length >= this.bound) return;
    this.paused = false;
    for (const s of this.socks) s.resume();
  }

  close(): void {
    this.server?.close();
    for (const s of this.socks) s.destroy();
  }
}

export function reply(sock: net.Socket, line: string): void {
  if (!sock.destroyed && sock.writable) sock.write(line + '\n');
}
