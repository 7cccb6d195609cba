// Workload clients recording a Jepsen-style history: invoke, then ok / fail / info.
// A request that dies with its server (timeout, reset, close) is `info`: indeterminate.
import type { Role } from '../model/phases.ts';
import type { Random } from '../random.ts';
import { GuestClient, type GuestRequest, type GuestResponse } from './client.ts';
import { nextOp } from './ops.ts';

export interface OpRecord {
  process: number;
  op: 'invoke' | 'ok' | 'fail' | 'info';
  f: string;
  value?: unknown;
  seq?: number;
  server: Role;
}

export interface Endpoint {
  role: Role;
  host: string;
  port: number;
}

export interface WorkloadOptions {
  clients: number;
  accounts: number;
  opTimeoutMs: number;
  connectTimeoutMs: number;
  /** Pause between a client's requests, ms. */
  thinkMs: number;
  random: Random;
  /** Where requests go now: the primary, or the survivor after failover. */
  endpoint(): Endpoint;
  record(op: OpRecord): void;
}

/** Send one request and record it; resolves with the response, or null if indeterminate. */
export async function recordedRequest(
  client: GuestClient, req: GuestRequest, process: number, server: Role, timeoutMs: number, record: (op: OpRecord) => void,
): Promise<GuestResponse | null> {
  record({ process, op: 'invoke', f: req.op, value: req, server });
  try {
    const { response, line } = await client.request(req, timeoutMs);
    const definite = response.ok === false ? 'fail' : 'ok';
    record({ process, op: definite, f: req.op, value: { request: req, response, line }, seq: response.seq, server });
    return response;
  } catch (e) {
    record({ process, op: 'info', f: req.op, value: { request: req, error: (e as Error).message }, server });
    return null;
  }
}

export class Workload {
  private running = false;
  private loops: Promise<void>[] = [];
  private clients = new Map<GuestClient, Role>();

  constructor(private readonly opts: WorkloadOptions) {}

  start(): void {
    this.running = true;
    for (let i = 0; i < this.opts.clients; i++) this.loops.push(this.loop(i, this.opts.random.fork(`client-${i}`)));
  }

  /**
   * Stop issuing requests. In-flight requests to replicas that should still answer get up to
   * drainMs; the rest are closed at once (recorded as info).
   */
  async stop(drainMs = 0, shouldAnswer: (role: Role) => boolean = () => true): Promise<void> {
    this.running = false;
    for (const [c, role] of this.clients) if (!shouldAnswer(role)) c.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.loops), new Promise((r) => { timer = setTimeout(r, drainMs); })]);
    clearTimeout(timer);
    for (const c of this.clients.keys()) c.close();
    await Promise.all(this.loops);
  }

  private async loop(process: number, random: Random): Promise<void> {
    let client: GuestClient | null = null;
    let at: Endpoint | null = null;
    while (this.running) {
      const want = this.opts.endpoint();
      if (!client || !at || at.role !== want.role || at.port !== want.port) {
        this.drop(client);
        client = await GuestClient.connect(want.host, want.port, this.opts.connectTimeoutMs).catch(() => null);
        at = want;
        if (!client) {
          await sleep(50);
          continue;
        }
        this.clients.set(client, want.role);
      }
      const res = await recordedRequest(client, nextOp(random, this.opts.accounts), process, at.role, this.opts.opTimeoutMs, this.opts.record);
      if (res === null) {
        this.drop(client);
        client = null;
      }
      await sleep(this.opts.thinkMs);
    }
    this.drop(client);
  }

  private drop(client: GuestClient | null): void {
    if (!client) return;
    client.close();
    this.clients.delete(client);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
