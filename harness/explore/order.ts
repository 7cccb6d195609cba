// Happens-before between checkpoint phases, the closure of phases.ts's order (each side's transaction,
// CROSS_ORDER, CHECKPOINT_NEXT): "a -> b" means the replica paused at a cannot let b happen, so a
// schedule may put a fault at b after one at a. Concurrent phases (P1 vs S1: the request is written
// before P1 is reported) are never ordered, or the second fault could miss its phase.
import { CHECKPOINT_NEXT, CROSS_ORDER, IDLE_PHASES, PRIMARY_PHASES, SECONDARY_PHASES, type Phase } from '../../core/model/phases.ts';

/** Where a fault lands: a phase of a checkpoint. */
export interface Position {
  phase: Phase;
  checkpoint: number;
}

type Node = `${number}:${Phase}`;

function chain(list: readonly Phase[]): Array<[Phase, Phase]> {
  return list.slice(1).map((p, i) => [list[i]!, p]);
}

/** Reachability over three consecutive checkpoints (0, 1, 2): enough, see happensBefore. */
function closure(): Set<string> {
  const edges = new Map<Node, Node[]>();
  const add = (a: Node, b: Node): void => { edges.set(a, [...(edges.get(a) ?? []), b]); };
  for (let k = 0; k < 3; k++) {
    for (const [a, b] of [...chain(PRIMARY_PHASES), ...chain(SECONDARY_PHASES), ...CROSS_ORDER]) add(`${k}:${a}`, `${k}:${b}`);
    if (k < 2) for (const [a, b] of CHECKPOINT_NEXT) add(`${k}:${a}`, `${k + 1}:${b}`);
  }
  const reach = new Set<string>();
  for (const start of edges.keys()) {
    const stack = [...(edges.get(start) ?? [])];
    while (stack.length) {
      const n = stack.pop()!;
      const key = `${start}>${n}`;
      if (reach.has(key)) continue;
      reach.add(key);
      stack.push(...(edges.get(n) ?? []));
    }
  }
  return reach;
}

const REACH = closure();

/**
 * Whether `a` happens before `b`. Two checkpoints apart everything is ordered (each checkpoint's
 * request waits for the previous transaction on both sides), so distances above 2 reduce to 2.
 */
export function happensBefore(a: Position, b: Position): boolean {
  const d = b.checkpoint - a.checkpoint;
  if (d < 0) return false;
  return REACH.has(`0:${a.phase}>${Math.min(d, 2)}:${b.phase}`);
}

export function samePosition(a: Position, b: Position): boolean {
  return a.phase === b.phase && a.checkpoint === b.checkpoint;
}

/** Checkpoint 1's idle phases pass before the first fault can be armed (the pair starts replicating first). */
export function reachable(p: Position): boolean {
  return p.checkpoint >= 1 && !(p.checkpoint === 1 && IDLE_PHASES.includes(p.phase));
}

/**
 * Whether a fault at `b` surely lands after one at `a`: at the same position (they land together at
 * one breakpoint), or at a later checkpoint that `a` happens before. Not within one checkpoint: the
 * runner arms the next breakpoint only after it let `a` continue, and the pair can pass a phase
 * that follows `a` within milliseconds before the arm arrives — likewise the next checkpoint's idle phase.
 */
export function landsAfter(a: Position, b: Position): boolean {
  if (samePosition(a, b)) return true;
  if (b.checkpoint <= a.checkpoint || !happensBefore(a, b)) return false;
  return !(b.checkpoint === a.checkpoint + 1 && IDLE_PHASES.includes(b.phase));
}

/** Every fault of a schedule can land: the first is reachable, each next lands after the previous. */
export function wellOrdered(positions: readonly Position[]): boolean {
  return positions.every((p, i) => (i === 0 ? reachable(p) : landsAfter(positions[i - 1]!, p)));
}
