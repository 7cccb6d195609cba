// The default backend: the embedded Toxiproxy-compatible server, in this process.
import { Toxiproxy } from 'toxiproxy-node-client';
import { startEmbeddedProxy } from '../proxy/index.ts';
import { extensions } from './extensions.ts';
import type { FaultNetwork } from './types.ts';

export async function startEmbedded(seed?: number): Promise<FaultNetwork> {
  const server = await startEmbeddedProxy(seed === undefined ? {} : { seed });
  return {
    kind: 'embedded',
    url: server.url,
    client: new Toxiproxy(server.url),
    listenHost: server.host,
    stop: () => server.close(),
    ...(await extensions(server.url)),
  };
}
