// cleanup: after the case, no replica process (nor anything in its process group), no proxy
// (hence no toxic) and no temp dir of the case is left.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Checker } from './types.ts';
import { result } from './types.ts';

/** Live processes whose pid or process group is one of `pids` (zombies excluded: they are reaped by init). */
export function survivingProcesses(pids: readonly number[]): number[] {
  const watch = new Set(pids);
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited while we looked
    }
    // fields after the command (which may hold spaces) : state ppid pgrp ...
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const [state, , pgrp] = rest;
    if (state === 'Z') continue;
    if (watch.has(Number(name)) || watch.has(Number(pgrp))) out.push(Number(name));
  }
  return out;
}

export const cleanup: Checker = {
  name: 'cleanup',
  async check(input) {
    const v: string[] = [];
    const facts = input.cleanup;
    const alive = survivingProcesses(facts.pids);
    if (alive.length) v.push(`processes still running after the case: pids ${alive.join(', ')} (replica pids/groups ${facts.pids.join(', ')})`);
    const remaining = new Set(await facts.remainingProxies());
    const left = facts.proxyNames.filter((n) => remaining.has(n));
    if (left.length) v.push(`proxies left on the fault network: ${left.join(', ')}`);
    const dirs = facts.tempDirs.filter((d) => existsSync(d));
    if (dirs.length) v.push(`temp dirs left: ${dirs.join(', ')}`);
    return result('cleanup', v);
  },
};
