// A toxiproxy-server someone else runs, at TOXIPROXY_URL. We check it answers /version and
// never stop it; the proxies our cases create are theirs to remove.
import { Toxiproxy } from 'toxiproxy-node-client';
import { extensions } from './extensions.ts';
import type { FaultNetwork } from './types.ts';

export async function startExternal(rawUrl: string): Promise<FaultNetwork> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new Error(`TOXIPROXY_URL "${rawUrl}" is not a URL (expected e.g. http://127.0.0.1:8474)`);
  }
  const base = url.href.replace(/\/+$/, '');
  const client = new Toxiproxy(base);
  try {
    await client.getVersion();
  } catch (e) {
    throw new Error(`no Toxiproxy answers at TOXIPROXY_URL ${base}: ${(e as Error).message}`);
  }
  return { kind: 'external', url: base, client, listenHost: url.hostname.replace(/^\[|\]$/g, ''), stop: async () => {}, ...(await extensions(base)) };
}
