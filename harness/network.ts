// The fault network the runner uses (faults/network), loaded lazily; only the parts we need.
import type { Toxiproxy } from 'toxiproxy-node-client';

export interface FaultNetworkLike {
  kind: string;
  url: string;
  client: Toxiproxy;
  stop(): Promise<void>;
}

export interface NetworkOptions {
  backend?: string;
  env?: NodeJS.ProcessEnv;
  seed?: number;
}

export async function startNetwork(opts: NetworkOptions): Promise<FaultNetworkLike> {
  const url = new URL('../faults/network/index.ts', import.meta.url).href;
  let mod: { startFaultNetwork?: (o: NetworkOptions) => Promise<FaultNetworkLike> };
  try {
    mod = (await import(url)) as typeof mod;
  } catch (e) {
    throw new Error(`the fault network (faults/network) cannot be loaded: ${(e as Error).message}`);
  }
  if (typeof mod.startFaultNetwork !== 'function') throw new Error('faults/network exports no startFaultNetwork');
  return mod.startFaultNetwork(opts);
}
