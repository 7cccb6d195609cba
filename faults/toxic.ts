// Network faults as Toxiproxy toxics on the proxies of one link, in one direction or both.
// Heal removes the toxic (a toxic already gone — proxy deleted, server reset — counts as healed).
import type { ToxicType } from 'toxiproxy-node-client';
import type { Direction, FaultKind, FaultSpec } from '../core/model/case.ts';
import type { LinkProxy } from '../core/model/target.ts';
import type { Random } from '../core/random.ts';
import type { ActiveFault, Fault, FaultEnv } from './types.ts';

/** The proxies a network fault sits on: every proxy of the link (client links: the role's one). */
export function proxiesFor(spec: FaultSpec, proxies: ReadonlyMap<string, LinkProxy>): LinkProxy[] {
  const found = [...proxies.values()].filter(
    (p) => p.link === spec.link && (spec.link !== 'client' || spec.role === undefined || p.role === spec.role)
      && (spec.channel === undefined || p.channel === spec.channel),
  );
  if (found.length === 0) {
    const names = [...proxies.values()].map((p) => `${p.name} (${p.link})`).join(', ');
    const which = `${spec.role ? ` of the ${spec.role}` : ''}${spec.channel !== undefined ? ` channel ${spec.channel}` : ''}`;
    throw new Error(`no proxy for link ${spec.link}${which}; the case has ${names}`);
  }
  return found;
}

function validateLinkSpec(spec: FaultSpec, required: readonly string[]): string[] {
  const out: string[] = [];
  if (spec.link === undefined) out.push(`${spec.kind} needs a link (client, mirror, svm-out, checkpoint, heartbeat, ram)`);
  if (spec.channel !== undefined && (!Number.isInteger(spec.channel) || spec.channel < 0)) out.push(`${spec.kind}: channel must be an integer >= 0`);
  for (const key of required) {
    const v = spec.params?.[key];
    if (v === undefined || !Number.isFinite(v) || v < 0) out.push(`${spec.kind} needs params.${key} >= 0`);
  }
  return out;
}

/** A fault that adds one toxic of `type` with attributes computed from the spec. */
export function toxicFault(
  kind: FaultKind,
  type: ToxicType,
  required: readonly string[],
  attributes: (spec: FaultSpec, random: Random) => Record<string, number>,
): Fault {
  return {
    kind,
    disturbs: 'link',
    validate: (spec) => validateLinkSpec(spec, required),
    async inject(spec: FaultSpec, env: FaultEnv): Promise<ActiveFault> {
      const targets = proxiesFor(spec, env.proxies);
      const attrs = attributes(spec, env.random);
      // no direction = both: a partition cuts the link both ways
      const streams: Direction[] = spec.direction ? [spec.direction] : ['upstream', 'downstream'];
      const toxics: Array<{ remove(): Promise<void> }> = [];
      for (const p of targets) {
        const proxy = await env.network.get(p.name);
        for (const stream of streams) {
          const name = `${kind}-${stream}-${spec.at.phase}-${spec.at.checkpoint}`;
          toxics.push(await proxy.addToxic({ name, type, stream, toxicity: 1, attributes: attrs }));
        }
      }
      let healed = false;
      return {
        async heal() {
          if (healed) return;
          healed = true;
          for (const t of toxics) await t.remove().catch(() => undefined);
        },
      };
    },
  };
}

export function param(spec: FaultSpec, key: string, fallback: number): number {
  return spec.params?.[key] ?? fallback;
}
