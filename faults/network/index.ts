// startFaultNetwork: the one way the harness gets a fault network.
//   embedded  (default) the Toxiproxy-compatible server in this process
//   external  a real toxiproxy-server at TOXIPROXY_URL (chosen by default when it is set)
//   container Toxiproxy through testcontainers, when a container runtime is found
import { startContainer } from './container.ts';
import { startEmbedded } from './embedded.ts';
import { startExternal } from './external.ts';
import type { BackendKind, FaultNetwork, FaultNetworkOptions } from './types.ts';

const KINDS: readonly BackendKind[] = ['embedded', 'external', 'container'];

export async function startFaultNetwork(opts: FaultNetworkOptions = {}): Promise<FaultNetwork> {
  const env = opts.env ?? process.env;
  const kind = opts.backend ?? (env.TOXIPROXY_URL ? 'external' : 'embedded');
  if (!KINDS.includes(kind)) throw new Error(`unknown fault network backend "${kind}"; valid: ${KINDS.join(', ')}`);
  if (kind === 'external') {
    if (!env.TOXIPROXY_URL) throw new Error('the external fault network needs TOXIPROXY_URL (e.g. http://127.0.0.1:8474)');
    return startExternal(env.TOXIPROXY_URL);
  }
  if (kind === 'container') return startContainer();
  return startEmbedded(opts.seed);
}

export { containerRuntimeMissing } from './container.ts';
export type { BackendKind, FaultNetwork, FaultNetworkOptions } from './types.ts';
