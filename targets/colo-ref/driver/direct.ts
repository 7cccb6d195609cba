// Links without a fault network (tests, bench): every "proxy" is the listener itself.
import getPort from 'get-port';
import type { LinkProxy } from '../../../harness/model/target.ts';
import { PROXIES } from './args.ts';

export async function directLinks(): Promise<Map<string, LinkProxy>> {
  const out = new Map<string, LinkProxy>();
  for (const p of PROXIES) {
    const addr = `127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
    out.set(p.name, { ...p, listen: addr, upstream: addr });
  }
  return out;
}
