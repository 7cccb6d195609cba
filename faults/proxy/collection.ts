// The server's proxies by name (Toxiproxy's ProxyCollection), the event log and the seeded
// randomness the toxics draw from.
import { Random } from '../../core/random.ts';
import { ERR } from './errors.ts';
import { EventLog } from './events.ts';
import { Metrics, type MetricsOptions } from './metrics.ts';
import { Proxy, type ProxyConfig } from './proxy.ts';

export class ProxyCollection {
  readonly log = new EventLog();
  readonly metrics: Metrics;
  private readonly proxies = new Map<string, Proxy>();
  private readonly random: Random;

  constructor(readonly seed: number, readonly defaultHost: string, metrics: MetricsOptions = { proxy: false, runtime: false }) {
    this.random = new Random(seed);
    this.metrics = new Metrics(metrics);
  }

  /** By name, sorted like Go's JSON map keys. */
  all(): Proxy[] {
    return [...this.proxies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): Proxy {
    const p = this.proxies.get(name);
    if (!p) throw ERR.proxyNotFound;
    return p;
  }

  async add(config: ProxyConfig, enabled: boolean): Promise<Proxy> {
    if (this.proxies.has(config.name)) throw ERR.proxyAlreadyExists;
    const proxy = new Proxy(config, this.log, this.defaultHost, this.metrics);
    if (enabled) await proxy.start();
    this.proxies.set(proxy.name, proxy);
    this.log.add(proxy.name, 'created', { listen: proxy.listen, upstream: proxy.upstream });
    return proxy;
  }

  /** /populate: the same addresses (listen resolved first) keep the proxy as it is; others replace it. */
  async addOrReplace(config: ProxyConfig, enabled: boolean): Promise<Proxy> {
    const existing = this.proxies.get(config.name);
    if (existing && !(await existing.differs(config))) return existing;
    if (existing) await this.remove(existing.name);
    return this.add(config, enabled);
  }

  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    await proxy.stop();
    proxy.resetToxics();
    this.proxies.delete(name);
    this.log.add(name, 'deleted');
  }

  async clear(): Promise<void> {
    for (const p of this.all()) await this.remove(p.name);
  }

  /** A toxic's own generator: the same seed and names give the same draws. */
  toxicRandom(proxy: string, toxic: string): Random {
    return this.random.fork(`${proxy}/${toxic}`);
  }
}
