// A proxy: a listener that forwards every accepted client to `upstream` through the toxic
// chains of its two directions. Disabling closes the listener and every open connection.
import { createServer, type Server, type Socket } from 'node:net';
import { bindHosts, formatAddress, listenError, parseAddress, resolveListen } from './address.ts';
import { Connection, SOCKET_WATER } from './connection.ts';
import type { EventLog } from './events.ts';
import type { Metrics } from './metrics.ts';
import type { Direction } from '../../core/model/case.ts';
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

  constructor(config: ProxyConfig, private readonly log: EventLog, private readonly defaultHost: string, private readonly metrics: Metrics) {
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
    const { host, port } = await resolveListen(this.listen, this.defaultHost);
    const server = await listenOn(host, port, (s) => this.accept(s));
    server.on('error', (e) => this.log.add(this.name, 'listener-error', { message: e.message }));
    const bound = server.address();
    if (bound && typeof bound === 'object') this.listen = formatAddress(bound.address, bound.port);
    this.server = server;
    this.enabled = true;
    this.log.add(this.name, 'enabled', { listen: this.listen });
  }

  /** Toxiproxy's Differs: another listen (once resolved) or upstream than this proxy's. */
  async differs(input: { listen: string; upstream: string }): Promise<boolean> {
    const { host, port } = await resolveListen(input.listen, this.defaultHost);
    return formatAddress(host, port) !== this.listen || input.upstream !== this.upstream;
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
    if (await this.differs(input)) {
      await this.stop();
      this.listen = input.listen;
      this.upstream = input.upstream;
    }
    if (input.enabled !== this.enabled) await (input.enabled ? this.start() : this.stop());
  }

  addToxic(t: Toxic): void {
    this.chains[t.direction].push(t);
    for (const c of this.conns) c.links[t.direction].addToxic(t);
    this.log.add(this.name, 'toxic-added', { toxic: toxicJson(t) });
  }

  updateToxic(t: Toxic): void {
    for (const c of this.conns) c.links[t.direction].updateToxic(t);
    this.log.add(this.name, 'toxic-updated', { toxic: toxicJson(t) });
  }

  removeToxic(t: Toxic): void {
    const chain = this.chains[t.direction];
    chain.splice(chain.indexOf(t), 1);
    for (const c of this.conns) c.links[t.direction].removeToxic(t.name);
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
    const traffic = {
      upstream: this.metrics.traffic('upstream', this.name, this.listen, this.upstream),
      downstream: this.metrics.traffic('downstream', this.name, this.listen, this.upstream),
    };
    const conn = new Connection(client, to, (d) => [...this.chains[d]], {
      traffic,
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

const NO_IPV6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL']);

/** A listener on the first of bindHosts(host) that works; errors name the address as Go does. */
async function listenOn(host: string, port: number, onClient: (s: Socket) => void): Promise<Server> {
  const hosts = bindHosts(host);
  for (const [i, h] of hosts.entries()) {
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true, noDelay: true, highWaterMark: SOCKET_WATER }, onClient);
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ host: h, port }, resolve);
      });
      return server;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (i === hosts.length - 1 || !NO_IPV6.has(err.code ?? '')) throw listenError(formatAddress(host, port), err);
    }
  }
  throw new Error('unreachable: bindHosts gave no host');
}
