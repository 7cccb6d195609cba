// replica-state: at every checkpoint the secondary loaded, its state (digest over every RAM page
// and the device state, TARGET-PROTOCOL §4) equals the state the primary sent in that checkpoint.
// A divergence is named at the first checkpoint it appears (later ones usually follow from it),
// whether or not a fault was injected: a page the primary never sent shows up here.
import type { Checker } from './types.ts';
import { result } from './types.ts';
import { digests } from './facts.ts';

export const replicaState: Checker = {
  name: 'replica-state',
  check(input) {
    const sent = digests(input.events, 'primary');
    const loaded = [...digests(input.events, 'secondary')].sort(([a], [b]) => a - b);
    // a primary killed before it reported a checkpoint leaves nothing to compare that one with
    const compared = loaded.filter(([n]) => sent.has(n));
    const diverged = compared.filter(([n, d]) => sent.get(n) !== d);
    const first = diverged[0];
    if (!first) return result('replica-state', []);
    const [n, d] = first;
    const matched = compared.filter(([k]) => k < n).map(([k]) => k);
    const later = diverged.length > 1 ? `; ${diverged.length - 1} later checkpoint(s) differ too (${diverged.slice(1, 6).map(([k]) => k).join(', ')}${diverged.length > 6 ? ', ...' : ''})` : '';
    const before = matched.length ? `${span(matched)} matched` : 'no earlier checkpoint was compared';
    return result('replica-state', [
      `the replicas diverged first at checkpoint ${n}: the secondary's state after loading it is ${short(d)}, but the primary's state in checkpoint ${n} is ${short(sent.get(n)!)} (${before}${later}); the secondary no longer holds what the primary runs, so a failover would resume a different machine`,
    ]);
  },
};

function span(ns: number[]): string {
  return ns.length === 1 ? `checkpoint ${ns[0]}` : `checkpoints ${ns[0]}..${ns.at(-1)}`;
}

function short(digest: string): string {
  return digest.slice(0, 12);
}
