// Links without a fault network (tests, bench): every "proxy" is the listener itself.
import getPort from 'get-port';
import type { LinkProxy } from '../../../core/model/target.ts';
import { proxiesOf } from './args.ts';

/** `options`: the case's, when one adds links (ram-channels=N). */
export async function directLinks(options: Record<string, string | number | boolean> = {}): Promise<Map<string, LinkProxy>> {
  const out = new Map<string, LinkProxy>();
  for (const p of proxiesOf(options)) {
    const addr = `127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
    out.set(p.name, { ...p, listen: addr, upstream: addr });
  }
  return out;
}
