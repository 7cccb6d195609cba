// Links without a fault network (target tests, benchmarks): every "proxy" of the driver's topology
// is the listener itself, on a port picked free.
import getPort from 'get-port';
import type { LinkProxy, TargetDriver } from '../../core/model/target.ts';

/** `options`: the case's, when one adds links (colo-ref's ram-channels=N). */
export async function directLinks(driver: TargetDriver, options: Record<string, string | number | boolean> = {}): Promise<Map<string, LinkProxy>> {
  const out = new Map<string, LinkProxy>();
  for (const p of driver.proxies(options)) {
    const addr = `127.0.0.1:${await getPort({ host: '127.0.0.1' })}`;
    out.set(p.name, { ...p, listen: addr, upstream: addr });
  }
  return out;
}
