// A toxic on a proxy: its Toxiproxy JSON, parsed from a create or update body with Toxiproxy's
// defaults (name <type>_<stream>, stream downstream, toxicity 1) and checks in Toxiproxy's order.
import type { Direction } from '../../core/model/case.ts';
import type { Random } from '../../core/random.ts';
import { decodeStruct, type GoStruct } from './decode.ts';
import { ERR } from './errors.ts';
import { toxicKind, type Attrs, type ToxicKind } from './toxics/index.ts';

export interface Toxic {
  name: string;
  type: string;
  /** As sent (Toxiproxy echoes "UpStream" as given); `direction` is what it means. */
  stream: string;
  direction: Direction;
  toxicity: number;
  attributes: Attrs;
  kind: ToxicKind;
  /** Seeded: toxicity rolls, jitter and slicer sizes for this toxic. */
  random: Random;
}

export interface ToxicJson {
  attributes: Attrs;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
}

const WRAPPER: GoStruct = {
  type: 'toxics.ToxicWrapper',
  fields: { name: 'string', type: 'string', stream: 'string', toxicity: 'float32' },
};

export function toxicJson(t: Toxic): ToxicJson {
  return { attributes: { ...t.attributes }, name: t.name, type: t.type, stream: t.stream, toxicity: t.toxicity };
}

/** The `attributes` value of a body (case-insensitive key, as Go); undefined when absent. */
function attributesOf(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const entries = Object.entries(body as Record<string, unknown>);
  return (entries.find(([k]) => k === 'attributes') ?? entries.find(([k]) => k.toLowerCase() === 'attributes'))?.[1];
}

function decodeAttributes(value: unknown, kind: ToxicKind, into: Attrs): void {
  const spec: GoStruct = { type: kind.struct, fields: Object.fromEntries(kind.fields.map((f) => [f, 'int64'])) };
  decodeStruct(value, spec, into, 'ToxicWrapper.attributes');
}

export function parseNewToxic(body: unknown, exists: (name: string) => boolean, random: (name: string) => Random): Toxic {
  const w: Record<string, unknown> = { name: '', type: '', stream: 'downstream', toxicity: 1 };
  decodeStruct(body, WRAPPER, w);
  const attrs = attributesOf(body);
  if (attrs !== undefined && attrs !== null && (typeof attrs !== 'object' || Array.isArray(attrs))) {
    decodeStruct(attrs, { type: 'toxics.NoopToxic', fields: {} }, {}, 'ToxicWrapper.attributes');
  }
  const stream = w.stream as string;
  // Toxiproxy's stream.ParseDirection lowercases to read it, and keeps the field as sent
  const direction = stream.toLowerCase();
  if (direction !== 'upstream' && direction !== 'downstream') throw ERR.invalidStream;
  const type = w.type as string;
  const name = (w.name as string) || `${type}_${stream}`;
  const kind = toxicKind(type);
  if (!kind) throw ERR.invalidToxicType;
  if (exists(name)) throw ERR.toxicAlreadyExists;
  const attributes: Attrs = Object.fromEntries(kind.fields.map((f) => [f, 0]));
  decodeAttributes(attrs, kind, attributes);
  return { name, type, stream, direction, toxicity: w.toxicity as number, attributes, kind, random: random(name) };
}

/** An update: attributes merge into the current ones, toxicity keeps its value unless given. */
export function parseToxicUpdate(body: unknown, t: Toxic): { attributes: Attrs; toxicity: number } {
  const w: Record<string, unknown> = { toxicity: t.toxicity };
  decodeStruct(body, { type: WRAPPER.type, fields: { toxicity: 'float32' } }, w);
  const attributes = { ...t.attributes };
  decodeAttributes(attributesOf(body), t.kind, attributes);
  return { attributes, toxicity: w.toxicity as number };
}
