// A proxy: a listener that forwards every accepted client to `upstream` through the toxic
// chains of its two directions. Disabling closes the listener and every open connection.
import { createServer, type Server, type Socket } from 'node:net';
import { formatAddress, listenError, parseAddress } from './address.ts';
import { Connection, SOCKET_WATER } from './connection.ts';
import type { EventLog } from './events.ts';
import type { Direction } from '../../harness/model/case.ts';
import { toxicJson, type Toxic, type ToxicJson } from './toxic.ts';

export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  toxics: ToxicJson[];
}

/** Extension: bytes delivered per direction and connection counts. */
export interface ProxyStats {
  upstreamBytes: number;
  downstreamBytes: number;
  connections: number;
  activeConnections: number;
  refused: number;
}

export interface ProxyConfig {
  name: string;
  listen: string;
  upstream: string;
}

export class Proxy {
  readonly name: string;
  listen: string;
  upstream: string;
  enabled = false;
  private server: Server | null = null;
  private readonly conns = new Set<Connection>();
  private readonly chains: Record<Direction, Toxic[]> = { upstream: [], downstream: [] };
  private readonly counters = { upstreamBytes: 0, downstreamBytes: 0, connections: 0, refused: 0 };

  constructor(config: ProxyConfig, private readonly log: EventLog, private readonly defaultHost: string) {
    this.name = config.name;
    this.listen = config.listen;
    this.upstream = config.upstream;
  }

  toJSON(): ProxyJson {
    return { name: this.name, listen: this.listen, upstream: this.upstream, enabled: this.enabled, toxics: this.toxicList() };
  }

  stats(): ProxyStats {
    return { ...this.counters, activeConnections: this.conns.size };
  }

  /** Upstream chain first, then downstream, each in order (Toxiproxy's GetToxicArray). */
  toxicList(): ToxicJson[] {
    return [...this.chains.upstream, ...this.chains.downstream].map(toxicJson);
  }

  toxic(name: string): Toxic | undefined {
    return this.chains.upstream.find((t) => t.name === name) ?? this.chains.downstream.find((t) => t.name === name);
  }

  async start(): Promise<void> {
    if (this.enabled) return;
    const { host, port } = parseAddress(this.listen, this.defaultHost);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true, highWaterMark: SOCKET_WATER }, (s) => this.accept(s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e) => reject(listenError(this.listen, e)));
      server.listen({ host, port }, resolve);
    });
    server.on('error', (e) => this.log.add(this.name, 'listener-error', { message: e.message }));
    const bound = server.address();
    if (bound && typeof bound === 'object') this.listen = formatAddress(bound.address, bound.port);
    this.server = server;
    this.enabled = true;
    this.log.add(this.name, 'enabled', { listen: this.listen });
  }

  async stop(): Promise<void> {
    if (!this.enabled) return;
    this.enabled = false;
    const server = this.server!;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const c of this.conns) c.destroy();
    await closed;
    this.log.add(this.name, 'disabled');
  }

  /** Toxiproxy's Update: a new address restarts the listener; `enabled` starts or stops it. */
  async update(input: { listen: string; upstream: string; enabled: boolean }): Promise<void> {
    if (input.listen !== this.listen || input.upstream !== this.upstream) {
      await this.stop();
      this.listen = input.listen;
      this.upstream = input.upstream;
    }
    if (input.enabled !== this.enabled) await (input.enabled ? this.start() : this.stop());
  }

  addToxic(t: Toxic): void {
    this.chains[t.stream].push(t);
    for (const c of this.conns) c.links[t.stream].addToxic(t);
    this.log.add(this.name, 'toxic-added', { toxic: toxicJson(t) });
  }

  updateToxic(t: Toxic): void {
    for (const c of this.conns) c.links[t.stream].updateToxic(t);
    this.log.add(this.name, 'toxic-updated', { toxic: toxicJson(t) });
  }

  removeToxic(t: Toxic): void {
    const chain = this.chains[t.stream];
    chain.splice(chain.indexOf(t), 1);
    for (const c of this.conns) c.links[t.stream].removeToxic(t.name);
    this.log.add(this.name, 'toxic-removed', { toxic: t.name });
  }

  resetToxics(): void {
    for (const t of [...this.chains.upstream, ...this.chains.downstream]) this.removeToxic(t);
  }

  private accept(client: Socket): void {
    let to: { host: string; port: number };
    try {
      to = parseAddress(this.upstream, this.defaultHost);
    } catch (e) {
      this.refuse(client, (e as Error).message);
      return;
    }
    const peer = `${client.remoteAddress}:${client.remotePort}`;
    this.counters.connections++;
    const conn = new Connection(client, to, (d) => [...this.chains[d]], {
      count: (d, n) => void (this.counters[d === 'upstream' ? 'upstreamBytes' : 'downstreamBytes'] += n),
      upstream: (ok, error) => (ok ? this.log.add(this.name, 'connected', { client: peer }) : this.refuse(null, error ?? 'refused')),
      closed: () => {
        this.conns.delete(conn);
        this.log.add(this.name, 'closed', { client: peer });
      },
    });
    this.conns.add(conn);
  }

  private refuse(client: Socket | null, message: string): void {
    this.counters.refused++;
    client?.destroy();
    this.log.add(this.name, 'upstream-error', { message });
  }
}
