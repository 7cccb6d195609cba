// Links between the replicas besides the checkpoint stream: a reconnecting outgoing line link
// (mirror on the primary, svm-out on the secondary) and the svm-out listener (into compare).
import type net from 'node:net';
import { connectOnce, listen, onLines } from './net.ts';

/** An outgoing JSON-lines link that reconnects while open and drops lines while down. */
export class LineLink {
  private sock: net.Socket | undefined;
  private closed = false;

  constructor(private readonly addr: string) {}

  start(sock: net.Socket): void {
    this.attach(sock);
  }

  write(line: string): void {
    this.sock?.write(line + '\n');
  }

  close(): void {
    this.closed = true;
    this.sock?.destroy();
  }

  private attach(sock: net.Socket): void {
    // Closed already (a proxy that accepted but could not reach the peer): its close event is gone.
    if (sock.closed) return void setTimeout(() => this.reconnect(), 50);
    this.sock = sock;
    sock.on('error', () => {});
    sock.on('close', () => {
      this.sock = undefined;
      if (!this.closed) setTimeout(() => this.reconnect(), 50);
    });
  }

  private reconnect(): void {
    if (this.closed) return;
    connectOnce(this.addr).then(
      (s) => (this.closed ? s.destroy() : this.attach(s)),
      () => setTimeout(() => this.reconnect(), 50),
    );
  }
}

/** svm-out listener: every line from any connection goes to `onLine`. */
export async function listenSvmOut(port: number, onLine: (line: string) => void): Promise<{ close(): void }> {
  const socks = new Set<net.Socket>();
  const srv = await listen(port, (s) => {
    socks.add(s);
    s.on('close', () => socks.delete(s));
    onLines(s, onLine);
  });
  return {
    close() {
      srv.close();
      for (const s of socks) s.destroy();
    },
  };
}
