// A guest client per TARGET-PROTOCOL §3: JSON lines over TCP, requests matched to responses by id.
import { connect, type Socket } from 'node:net';

export interface GuestResponse {
  id: number;
  seq?: number;
  ok?: boolean;
  [key: string]: unknown;
}

/** A response and the exact line it came in (the guest journals a hash of the line). */
export interface GuestReply {
  response: GuestResponse;
  line: string;
}

export type GuestRequest =
  | { op: 'transfer'; from: number; to: number; amount: number }
  | { op: 'balances' }
  | { op: 'put'; key: string; value: string }
  | { op: 'get'; key: string }
  | { op: 'state' };

export class GuestClient {
  private nextId = 1;
  private buffer = '';
  private pending = new Map<number, { resolve(r: GuestReply): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  private closedError: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (e) => this.failAll(new Error(`connection error: ${e.message}`)));
    socket.on('close', () => this.failAll(new Error('connection closed by the server')));
  }

  /** Connect within `timeoutMs`, or reject saying where it tried. */
  static connect(host: string, port: number, timeoutMs: number): Promise<GuestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no connection to the guest at ${host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(new GuestClient(socket));
      });
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(new Error(`cannot connect to the guest at ${host}:${port}: ${e.message}`));
      });
    });
  }

  request(req: GuestRequest, timeoutMs: number): Promise<GuestReply> {
    if (this.closedError) return Promise.reject(this.closedError);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no response to ${req.op} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.write(JSON.stringify({ id, ...req }) + '\n');
    });
  }

  close(): void {
    this.failAll(new Error('client closed at the end of the case'));
    this.socket.destroy();
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl: number;
    while ((nl = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      if (line.trim() === '') continue;
      let msg: GuestResponse;
      try {
        msg = JSON.parse(line) as GuestResponse;
      } catch {
        continue; // a torn line from a dying server: the request stays indeterminate
      }
      const p = this.pending.get(msg.id);
      if (!p) continue;
      this.pending.delete(msg.id);
      clearTimeout(p.timer);
      p.resolve({ response: msg, line });
    }
  }

  private failAll(error: Error): void {
    this.closedError ??= error;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(error);
    }
    this.pending.clear();
  }
}
