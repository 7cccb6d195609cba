// The harness's end of the control channel for colo-ref: a JSON-lines listener on 127.0.0.1:0.
// Replicas connect and say hello; requests get ids and bounded waits for their replies.
import net from 'node:net';
import type { Role } from '../../../core/model/phases.ts';
import { onLines, parseLine, writeAwait } from '../net.ts';

type Msg = Record<string, unknown>;

export class ControlServer {
  private readonly conns = new Map<Role, net.Socket>();
  private readonly pending = new Map<number, { resolve: (m: Msg) => void; reject: (e: Error) => void }>();
  private readonly helloWaiters = new Map<Role, Array<() => void>>();
  private nextId = 1;

  private constructor(private readonly server: net.Server, readonly port: number, private readonly onMessage: (role: Role, m: Msg) => void) {}

  static start(onMessage: (role: Role, m: Msg) => void): Promise<ControlServer> {
    return new Promise((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const cs = new ControlServer(server, (server.address() as net.AddressInfo).port, onMessage);
        server.on('connection', (s) => cs.accept(s));
        resolve(cs);
      });
    });
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  connected(role: Role): boolean {
    return this.conns.has(role);
  }

  /** Resolves when `role` has said hello. */
  hello(role: Role, timeoutMs: number): Promise<void> {
    if (this.conns.has(role)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the ${role} did not say hello within ${timeoutMs} ms`)), timeoutMs);
      this.helloWaiters.set(role, [...(this.helloWaiters.get(role) ?? []), () => { clearTimeout(timer); resolve(); }]);
    });
  }

  /** Send a request and wait (bounded) for its reply's result. */
  async request(role: Role, msg: Msg, timeoutMs: number): Promise<unknown> {
    const sock = this.conns.get(role);
    if (!sock) throw new Error(`${role} has no control connection (not started, or exited)`);
    const id = this.nextId++;
    const reply = new Promise<Msg>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${role} did not answer "${String(msg.type)}" within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await writeAwait(sock, JSON.stringify({ ...msg, id }) + '\n');
      const r = await Promise.race([reply, timeout]);
      if (r.ok !== true) throw new Error(`${role} refused "${String(msg.type)}": ${String(r.error)}`);
      return r.result;
    } finally {
      clearTimeout(timer);
      this.pending.delete(id);
    }
  }

  close(): void {
    for (const s of this.conns.values()) s.destroy();
    this.server.close();
  }

  private accept(s: net.Socket): void {
    let role: Role | undefined;
    s.on('error', () => {});
    onLines(s, (line) => {
      const m = parseLine(line);
      if (!m) return;
      if (m.type === 'hello' && (m.role === 'primary' || m.role === 'secondary')) {
        role = m.role;
        this.conns.set(role, s);
        for (const w of this.helloWaiters.get(role) ?? []) w();
        this.helloWaiters.delete(role);
      }
      if (m.type === 'reply' && typeof m.id === 'number') return this.pending.get(m.id)?.resolve(m);
      if (role) this.onMessage(role, m);
    });
    s.on('close', () => {
      if (role && this.conns.get(role) === s) this.conns.delete(role);
    });
  }
}
