// The colo-chaos extension endpoints, found by asking: a server that answers
// GET /x-colo-chaos/info (the embedded one, or `colo-chaos proxy` behind TOXIPROXY_URL) gets
// stats() and events(); real Toxiproxy answers 404 and gets neither.
import { EXTENSION_PREFIX } from '../proxy/index.ts';
import type { FaultNetwork } from './types.ts';

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`GET ${url} answered ${res.status}: ${(await res.text()).trim()}`);
  return (await res.json()) as T;
}

export async function extensions(url: string): Promise<Pick<FaultNetwork, 'stats' | 'events'>> {
  const probe = await fetch(`${url}${EXTENSION_PREFIX}/info`, { signal: AbortSignal.timeout(5_000) }).catch(() => null);
  await probe?.body?.cancel();
  if (!probe?.ok) return {};
  return {
    stats: (proxy) => getJson(`${url}${EXTENSION_PREFIX}/proxies/${encodeURIComponent(proxy)}/stats`),
    events: (since = 0) => getJson(`${url}${EXTENSION_PREFIX}/events?since=${since}`),
  };
}
