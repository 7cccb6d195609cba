// Command lines of the two replicas, from the runner's proxies and options.
import type { LinkProxy, TargetContext } from '../../../harness/model/target.ts';
import type { Role } from '../../../harness/model/phases.ts';

export const PROXIES = [
  { name: 'client-primary', link: 'client', role: 'primary' },
  { name: 'client-secondary', link: 'client', role: 'secondary' },
  { name: 'mirror', link: 'mirror' },
  { name: 'svm-out', link: 'svm-out' },
  { name: 'checkpoint', link: 'checkpoint' },
  { name: 'heartbeat', link: 'heartbeat' },
] as const;

/** Which side listens (on the proxy's upstream); the other connects to the proxy's listen address. */
const LISTENER: Record<string, Role> = { mirror: 'secondary', 'svm-out': 'primary', checkpoint: 'secondary', heartbeat: 'secondary' };

function port(addr: string): string {
  return addr.slice(addr.lastIndexOf(':') + 1);
}

function need(proxies: ReadonlyMap<string, LinkProxy>, name: string): LinkProxy {
  const p = proxies.get(name);
  if (!p) throw new Error(`colo-ref needs a proxy named "${name}" (have: ${[...proxies.keys()].join(', ') || 'none'})`);
  return p;
}

const kebab = (k: string) => k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

export function replicaArgs(role: Role, control: string, ctx: TargetContext, proxies: ReadonlyMap<string, LinkProxy>): string[] {
  const args = ['--role', role, '--control', control, '--client-listen', port(need(proxies, `client-${role}`).upstream)];
  for (const link of ['checkpoint', 'mirror', 'svm-out', 'heartbeat']) {
    const p = need(proxies, link);
    args.push(LISTENER[link] === role ? `--${link}-listen` : `--${link}-connect`, LISTENER[link] === role ? port(p.upstream) : p.listen);
  }
  args.push('--seed', String(ctx.seed), '--failover', ctx.failover);
  if (ctx.bug) args.push('--bug', ctx.bug);
  for (const [k, v] of Object.entries(ctx.options)) {
    if (v === false) continue;
    args.push(`--${kebab(k)}`, ...(v === true ? [] : [String(v)]));
  }
  return args;
}
