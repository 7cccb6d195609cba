// A guest protocol client (TARGET-PROTOCOL §3): JSON lines, request/response matched by id,
// every call bounded. Used by the harness workload and by the tests.
import net from 'node:net';
import { onLines, parseLine } from './net.ts';
export { responseHash } from './guest/digest.ts';

export interface Response {
  id: number;
  seq?: number;
  ok: boolean;
  [k: string]: unknown;
}

export class GuestClient {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: { res: Response; line: string }) => void; reject: (e: Error) => void }>();
  private closedErr: Error | undefined;

  private constructor(private readonly sock: net.Socket, readonly label: string) {
    onLines(sock, (line) => {
      const res = parseLine(line) as Response | undefined;
      if (res && typeof res.id === 'number') this.waiting.get(res.id)?.resolve({ res, line });
    });
    sock.on('error', (e) => this.fail(new Error(`${label}: ${e.message}`)));
    sock.on('close', () => this.fail(new Error(`${label}: connection closed`)));
  }

  static connect(host: string, port: number, timeoutMs = 5000): Promise<GuestClient> {
    const label = `guest ${host}:${port}`;
    return new Promise((resolve, reject) => {
      const s = net.connect({ host, port });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new Error(`${label}: no connection within ${timeoutMs} ms`));
      }, timeoutMs);
      s.once('connect', () => {
        clearTimeout(timer);
        s.removeAllListeners('error');
        s.setNoDelay(true);
        resolve(new GuestClient(s, label));
      });
      s.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`${label}: ${e.message}`));
      });
    });
  }

  /** One request; resolves with the parsed response and its exact line (for the journal hash). */
  call(op: string, fields: Record<string, unknown> = {}, timeoutMs = 5000): Promise<{ res: Response; line: string }> {
    if (this.closedErr) return Promise.reject(this.closedErr);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.label}: no response to ${op} id=${id} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (r) => {
          clearTimeout(timer);
          this.waiting.delete(id);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          this.waiting.delete(id);
          reject(e);
        },
      });
      this.sock.write(JSON.stringify({ id, op, ...fields }) + '\n');
    });
  }

  close(): void {
    this.sock.destroy();
  }

  private fail(e: Error): void {
    this.closedErr ??= e;
    for (const w of [...this.waiting.values()]) w.reject(e);
  }
}
