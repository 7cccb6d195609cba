// The case's topology on the fault network: one proxy per link of the driver, every port from
// get-port on 127.0.0.1 (below the ephemeral range). remove() deletes exactly the proxies this
// case created.
import type { Toxiproxy } from 'toxiproxy-node-client';
import type { LinkProxy, TargetDriver } from '../../core/model/target.ts';
import { HOST, pickPort } from '../../core/ports.ts';

export interface Topology {
  /** By the driver's proxy name (client-primary, checkpoint, ...). */
  proxies: Map<string, LinkProxy>;
  /** Names on the fault network. */
  networkNames: string[];
  remove(): Promise<void>;
}

/**
 * A case's proxy names: its id and seed, nothing else, so the same case gets the same names in
 * `run` and in `repro`, and the fault network's draws (a toxic's jitter, slicer sizes: a generator
 * forked by proxy and toxic name, faults/proxy/collection.ts) are the same too. A start retried on
 * fresh ports (start.ts) adds the attempt number, the same on every replay that retries as often.
 */
export function proxyPrefix(c: { id: string; seed: number }): string {
  return `${c.id}-s${c.seed}`;
}

/** `prefix`, or prefix-2, -3, ... when another case on the same network already uses it (its draws then differ). */
async function freePrefix(network: Toxiproxy, prefix: string): Promise<string> {
  const taken = Object.keys(await network.getAll());
  for (let i = 1; ; i++) {
    const p = i === 1 ? prefix : `${prefix}-${i}`;
    if (!taken.some((name) => name.startsWith(`${p}-`))) return p;
  }
}

export async function createTopology(driver: TargetDriver, network: Toxiproxy, given: string, options: Record<string, string | number | boolean> = {}): Promise<Topology> {
  const proxies = new Map<string, LinkProxy>();
  const created: { remove(): Promise<void> }[] = [];
  const remove = async (): Promise<void> => {
    for (const p of created.splice(0)) await p.remove().catch(() => undefined);
  };
  try {
    const prefix = await freePrefix(network, given);
    for (const spec of driver.proxies(options)) {
      const [listenPort, upstreamPort] = [await pickPort(), await pickPort()];
      const name = `${prefix}-${spec.name}`;
      const listen = `${HOST}:${listenPort}`;
      const upstream = `${HOST}:${upstreamPort}`;
      created.push(await network.createProxy({ name, listen, upstream, enabled: true }));
      proxies.set(spec.name, { link: spec.link, ...(spec.role ? { role: spec.role } : {}), ...(spec.channel !== undefined ? { channel: spec.channel } : {}), name, listen, upstream });
    }
  } catch (e) {
    await remove();
    throw new Error(`could not create the proxies on the fault network: ${(e as Error).message}`);
  }
  return { proxies, networkNames: [...proxies.values()].map((p) => p.name), remove };
}
