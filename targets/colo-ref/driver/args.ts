// Command lines of the two replicas, from the runner's proxies and options.
import type { LinkProxy, TargetContext } from '../../../core/model/target.ts';
import type { Role } from '../../../core/model/phases.ts';
import type { Link } from '../../../core/model/case.ts';
import { HEARTBEAT_TIMEOUT_MS } from '../options.ts';

export const PROXIES = [
  { name: 'client-primary', link: 'client', role: 'primary' },
  { name: 'client-secondary', link: 'client', role: 'secondary' },
  { name: 'mirror', link: 'mirror' },
  { name: 'svm-out', link: 'svm-out' },
  { name: 'checkpoint', link: 'checkpoint' },
  { name: 'heartbeat', link: 'heartbeat' },
] as const;

/** The ram-channels option of a case (1 = RAM in the checkpoint stream, today's design). */
export function ramChannels(options: Readonly<Record<string, string | number | boolean>>): number {
  const n = Number(options['ram-channels'] ?? options.ramChannels ?? 1);
  return Number.isInteger(n) && n > 1 ? n : 1;
}

/** The links of a case: the fixed ones, plus one `ram-i` proxy per RAM channel when there are several. */
export function proxiesOf(options: Readonly<Record<string, string | number | boolean>> = {}): Array<{ name: string; link: Link; role?: Role; channel?: number }> {
  const n = ramChannels(options);
  const ram = n > 1 ? Array.from({ length: n }, (_, i) => ({ name: `ram-${i}`, link: 'ram' as const, channel: i })) : [];
  return [...PROXIES, ...ram];
}

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

/** The secondary's heartbeat timeout from a case's options (kebab or camel case), else the replica's default. */
export function heartbeatTimeoutMs(options: TargetContext['options']): number {
  const v = options['heartbeat-timeout'] ?? options.heartbeatTimeout;
  return v === undefined || v === true || v === false || !Number.isFinite(Number(v)) ? HEARTBEAT_TIMEOUT_MS : Number(v);
}

export function replicaArgs(role: Role, control: string, ctx: TargetContext, proxies: ReadonlyMap<string, LinkProxy>): string[] {
  const args = ['--role', role, '--control', control, '--client-listen', port(need(proxies, `client-${role}`).upstream)];
  for (const link of ['checkpoint', 'mirror', 'svm-out', 'heartbeat']) {
    const p = need(proxies, link);
    args.push(LISTENER[link] === role ? `--${link}-listen` : `--${link}-connect`, LISTENER[link] === role ? port(p.upstream) : p.listen);
  }
  // RAM channels: the secondary listens on each, the primary connects to each
  const ram = [...proxies.values()].filter((p) => p.link === 'ram').sort((a, b) => (a.channel ?? 0) - (b.channel ?? 0));
  if (ram.length) args.push(role === 'secondary' ? '--ram-listen' : '--ram-connect', ram.map((p) => (role === 'secondary' ? port(p.upstream) : p.listen)).join(','));
  args.push('--seed', String(ctx.seed), '--failover', ctx.failover);
  if (ctx.bug) args.push('--bug', ctx.bug);
  return [...args, ...optionArgs(ctx.options)];
}

/** Case options -> replica flags (camelCase key -> --kebab-case; true -> a bare flag, false -> none). */
export function optionArgs(options: TargetContext['options']): string[] {
  return Object.entries(options).flatMap(([k, v]) => (v === false ? [] : [`--${kebab(k)}`, ...(v === true ? [] : [String(v)])]));
}
