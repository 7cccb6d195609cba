// Toxiproxy in a container (@testcontainers/toxiproxy), when a container runtime is reachable.
// Proxies inside listen on the container's interfaces (listenHost 0.0.0.0) and only the image's
// exposed ports (8666-8697) are mapped to the host: callers that pick their own 127.0.0.1 ports
// need the embedded or external backend.
import { Toxiproxy } from 'toxiproxy-node-client';
import type { FaultNetwork } from './types.ts';

export const TOXIPROXY_IMAGE = 'ghcr.io/shopify/toxiproxy:2.12.0';

/** Why there is no container backend here, in one line; null when a runtime answers. */
export async function containerRuntimeMissing(): Promise<string | null> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return null;
  } catch (e) {
    return `no container runtime found (${(e as Error).message.split('\n')[0]})`;
  }
}

export async function startContainer(): Promise<FaultNetwork> {
  const missing = await containerRuntimeMissing();
  if (missing) throw new Error(`the container fault network needs Docker or Podman: ${missing}`);
  const { ToxiProxyContainer } = await import('@testcontainers/toxiproxy');
  const container = await new ToxiProxyContainer(TOXIPROXY_IMAGE).start();
  const url = `http://${container.getHost()}:${container.getMappedPort(8474)}`;
  let stopped: Promise<void> | null = null;
  return {
    kind: 'container',
    url,
    client: new Toxiproxy(url),
    listenHost: '0.0.0.0',
    stop: () => (stopped ??= container.stop().then(() => undefined)),
  };
}
