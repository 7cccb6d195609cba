// Workload clients recording a Jepsen-style history: invoke, then ok / fail / info.
// A request that dies with its server (timeout, reset, close) is `info`: indeterminate.
// Open loop: a client sends a request every intervalMs whether or not earlier ones were answered,
// so requests are in flight in every phase of a checkpoint (also while the guest is stopped), up
// to maxInFlight per client. Each in-flight request is its own history process (one op at a time).
import type { Role } from '../../core/model/phases.ts';
import type { Random } from '../../core/random.ts';
import { GuestClient, type GuestRequest, type GuestResponse } from '../../core/guest-client.ts';
import { nextOp } from './ops.ts';

/** History process number of the liveness probe's requests (the workload's stay below it). */
export const PROBE_PROCESS = 100;

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
  /** A client sends its next request this long after the previous one, answered or not, ms. */
  intervalMs: number;
  /** Requests one client may have in flight; at the bound it waits for one to end. */
  maxInFlight: number;
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
    if (this.opts.clients * this.opts.maxInFlight > PROBE_PROCESS) throw new Error(`${this.opts.clients} clients x ${this.opts.maxInFlight} requests in flight: more history processes than the ${PROBE_PROCESS} below the probe's`);
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

  private async loop(index: number, random: Random): Promise<void> {
    const max = this.opts.maxInFlight;
    // history process numbers of this client's free slots
    const free = Array.from({ length: max }, (_, s) => index * max + s);
    const pending = new Set<Promise<void>>();
    const now: { conn: { client: GuestClient; at: Endpoint } | null } = { conn: null };
    while (this.running) {
      const want = this.opts.endpoint();
      const at = now.conn?.at;
      if (!now.conn || !at || at.role !== want.role || at.port !== want.port) {
        this.drop(now.conn?.client ?? null);
        now.conn = null;
        const client = await GuestClient.connect(want.host, want.port, this.opts.connectTimeoutMs).catch(() => null);
        if (!client) {
          await sleep(50);
          continue;
        }
        now.conn = { client, at: want };
        this.clients.set(client, want.role);
      }
      if (free.length === 0) {
        await Promise.race(pending);
        continue;
      }
      const process = free.shift()!;
      const conn = now.conn;
      const done = recordedRequest(conn.client, nextOp(random, this.opts.accounts), process, conn.at.role, this.opts.opTimeoutMs, this.opts.record).then((res) => {
        free.push(process);
        // a request that died took its connection with it: the next request connects afresh
        if (res === null && now.conn === conn) {
          this.drop(conn.client);
          now.conn = null;
        }
      });
      pending.add(done);
      void done.finally(() => pending.delete(done));
      await sleep(this.opts.intervalMs);
    }
    await Promise.all(pending);
    this.drop(now.conn?.client ?? null);
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
