// The fault network the harness talks to, whichever backend runs it. Harness code uses `client`
// (toxiproxy-node-client) and nothing else; extension features are optional methods, present
// only when the server has them (capability check, not backend check).
import type { Toxiproxy } from 'toxiproxy-node-client';
import type { ProxyEvent, ProxyStats } from '../proxy/index.ts';

export type BackendKind = 'embedded' | 'external' | 'container';

export interface FaultNetwork {
  kind: BackendKind;
  /** The Toxiproxy API base URL. */
  url: string;
  client: Toxiproxy;
  /** The host proxies listen on, as the replicas reach them. */
  listenHost: string;
  /** Stops what this call started (the embedded server, the container); idempotent. */
  stop(): Promise<void>;
  /** Extension: byte and connection counters of one proxy. */
  stats?(proxy: string): Promise<ProxyStats & { name: string }>;
  /** Extension: proxy events after `since` (0 = all kept). */
  events?(since?: number): Promise<{ events: ProxyEvent[]; next: number }>;
}

export interface FaultNetworkOptions {
  backend?: BackendKind;
  env?: NodeJS.ProcessEnv;
  seed?: number;
}
