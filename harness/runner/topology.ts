// The case's topology on the fault network: one proxy per link of the driver, every port from
// get-port on 127.0.0.1. remove() deletes exactly the proxies this case created.
import getPort from 'get-port';
import type { Toxiproxy } from 'toxiproxy-node-client';
import type { LinkProxy, TargetDriver } from '../model/target.ts';

export interface Topology {
  /** By the driver's proxy name (client-primary, checkpoint, ...). */
  proxies: Map<string, LinkProxy>;
  /** Names on the fault network. */
  networkNames: string[];
  remove(): Promise<void>;
}

const HOST = '127.0.0.1';

export async function createTopology(driver: TargetDriver, network: Toxiproxy, prefix: string): Promise<Topology> {
  const proxies = new Map<string, LinkProxy>();
  const created: { remove(): Promise<void> }[] = [];
  const remove = async (): Promise<void> => {
    for (const p of created.splice(0)) await p.remove().catch(() => undefined);
  };
  try {
    for (const spec of driver.proxies()) {
      const [listenPort, upstreamPort] = [await getPort({ host: HOST }), await getPort({ host: HOST })];
      const name = `${prefix}-${spec.name}`;
      const listen = `${HOST}:${listenPort}`;
      const upstream = `${HOST}:${upstreamPort}`;
      created.push(await network.createProxy({ name, listen, upstream, enabled: true }));
      proxies.set(spec.name, { link: spec.link, ...(spec.role ? { role: spec.role } : {}), name, listen, upstream });
    }
  } catch (e) {
    await remove();
    throw new Error(`could not create the proxies on the fault network: ${(e as Error).message}`);
  }
  return { proxies, networkNames: [...proxies.values()].map((p) => p.name), remove };
}
