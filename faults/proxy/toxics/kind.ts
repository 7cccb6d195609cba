// What the registry knows about a toxic type: its attributes (all integers in Toxiproxy, in its
// JSON field order) and how to build its stage on a link.
import type { Receiver, Stage, StageCtx } from '../stage.ts';

export type Attrs = Record<string, number>;

export interface ToxicKind {
  /** The Go struct name, for decode errors. */
  struct: string;
  fields: readonly string[];
  create(attrs: Attrs, ctx: StageCtx, next: Receiver): Stage<Attrs>;
}

/** A kind whose stage class takes the attributes it declares. */
export function kind(struct: string, fields: readonly string[], make: new (a: Attrs, c: StageCtx, n: Receiver) => Stage<Attrs>): ToxicKind {
  return { struct, fields, create: (attrs, ctx, next) => new make(attrs, ctx, next) };
}
