// The checkpoint phases (docs/PHASES.md is generated from this file): P* on the primary's timeline,
// S* on the secondary's.
// Named after QEMU's colo_do_checkpoint_transaction / colo_incoming_process_checkpoint.

export type Role = 'primary' | 'secondary';

export const PRIMARY_PHASES = [
  'P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11', 'P12',
] as const;
export const SECONDARY_PHASES = ['S0', 'S1', 'S2', 'S3', 'S5', 'S6', 'S7a', 'S7b', 'S8'] as const;
export const PHASES = [...PRIMARY_PHASES, ...SECONDARY_PHASES] as const;
/**
 * Phases only a design option of colo-ref has (cache=bounded: the secondary's budget hit, the
 * primary's forced checkpoint). Not in PHASES, so the default matrix and reports are unchanged;
 * a matrix adds them when the option is on. Each sits inside the idle phase before it (P0, S0).
 */
export const DESIGN_PHASES = ['P0b', 'S0b'] as const;
/** Every phase, in timeline order (a design phase right after the idle phase it splits). */
export const ALL_PHASES = ['P0', 'P0b', ...PRIMARY_PHASES.slice(1), 'S0', 'S0b', ...SECONDARY_PHASES.slice(1)] as const;

export type PrimaryPhase = (typeof PRIMARY_PHASES)[number] | 'P0b';
export type SecondaryPhase = (typeof SECONDARY_PHASES)[number] | 'S0b';
export type Phase = (typeof ALL_PHASES)[number];

export const PHASE_NAMES: Record<Phase, string> = {
  P0: 'p.idle',
  P0b: 'p.forced-checkpoint',
  P1: 'p.request-sent',
  P2: 'p.reply-received',
  P3: 'p.vm-stopped',
  P4: 'p.vmstate-send',
  P5: 'p.device-saved',
  P6: 'p.ram-sending',
  P7: 'p.size-sent',
  P8: 'p.device-sent',
  P9: 'p.received-acked',
  P10: 'p.released',
  P11: 'p.loaded-acked',
  P12: 'p.resumed',
  S0: 's.idle',
  S0b: 's.budget-hit',
  S1: 's.vm-stopped',
  S2: 's.reply-sent',
  S3: 's.ram-receiving',
  S5: 's.device-receiving',
  S6: 's.received',
  S7a: 's.flushing',
  S7b: 's.device-loading',
  S8: 's.loaded',
};

/** What is true when a replica reaches each phase (`colo-chaos list phases`, docs/PHASES.md). */
export const PHASE_MEANINGS: Record<Phase, string> = {
  P0: 'primary running, waiting for a trigger (timer or compare mismatch)',
  P0b: "colo-ref with cache=bounded only: a checkpoint the primary forces (the secondary's cache budget was hit)",
  P1: 'CHECKPOINT_REQUEST sent',
  P2: 'CHECKPOINT_REPLY received: secondary stopped',
  P3: 'primary stopped',
  P4: 'VMSTATE_SEND sent',
  P5: "device state saved into the primary's buffer",
  P6: 'dirty RAM pages streaming (a byte offset can refine it)',
  P7: 'RAM EOF sent, VMSTATE_SIZE + length sent',
  P8: 'device blob sent',
  P9: 'VMSTATE_RECEIVED received',
  P10: 'held output released by compare',
  P11: 'VMSTATE_LOADED received',
  P12: 'primary running again',
  S0: 'secondary running',
  S0b: "colo-ref with cache=bounded only: the secondary's colo cache budget is hit",
  S1: 'secondary stopped for a checkpoint',
  S2: 'CHECKPOINT_REPLY sent ("before receive")',
  S3: 'RAM pages arriving into the colo cache (a byte offset can refine it)',
  S5: 'device blob arriving (exactly N bytes)',
  S6: 'whole checkpoint buffered, VMSTATE_RECEIVED sent',
  S7a: 'colo cache being copied into guest RAM ("during flush")',
  S7b: 'device state being applied ("mid-device-load")',
  S8: 'VMSTATE_LOADED sent, secondary running',
};

export function isPhase(x: unknown): x is Phase {
  return typeof x === 'string' && (ALL_PHASES as readonly string[]).includes(x);
}

/** The replica whose timeline a phase belongs to (where its breakpoint is armed). */
export function phaseOwner(phase: Phase): Role {
  return phase.startsWith('P') ? 'primary' : 'secondary';
}

/** Position of a phase within its own role's checkpoint transaction (0-based; a design phase x.5). */
export function phaseIndex(phase: Phase): number {
  const list: readonly string[] = phase.startsWith('P') ? PRIMARY_PHASES : SECONDARY_PHASES;
  const design = (DESIGN_PHASES as readonly string[]).includes(phase);
  return design ? list.indexOf(phase.slice(0, -1)) + 0.5 : list.indexOf(phase);
}

/** Where the phases of a checkpoint sort among every phase (ALL_PHASES: the primary's, then the secondary's). */
export function phaseOrder(phase: Phase): number {
  return (ALL_PHASES as readonly Phase[]).indexOf(phase);
}

/** The phases of `from`'s role from `from` to `to`, both included, in transaction order (no design phases). */
export function phaseRange(from: Phase, to: Phase): Phase[] {
  const list: readonly Phase[] = phaseOwner(from) === 'primary' ? PRIMARY_PHASES : SECONDARY_PHASES;
  return list.filter((p) => phaseIndex(p) >= phaseIndex(from) && phaseIndex(p) <= phaseIndex(to));
}

/**
 * The first phase, on each side, at which the secondary holds checkpoint n whole: the primary took
 * VMSTATE_RECEIVED (P9); the secondary buffered all of it and sent VMSTATE_RECEIVED (S6).
 */
export const HOLDS_WHOLE_FROM: Readonly<Record<Role, Phase>> = { primary: 'P9', secondary: 'S6' };

/**
 * Whether the secondary already holds the whole checkpoint when a phase is reached.
 * A primary fault before that point must leave the secondary on the previous checkpoint.
 */
export function secondaryHoldsCheckpoint(phase: Phase): boolean {
  return phaseIndex(phase) >= phaseIndex(HOLDS_WHOLE_FROM[phaseOwner(phase)]);
}

/** From S7a on the secondary applies the checkpoint it holds (the colo cache into RAM, then the devices). */
export function secondaryApplies(phase: Phase): boolean {
  return phaseOwner(phase) === 'secondary' && phaseIndex(phase) >= phaseIndex('S7a');
}

/** Idle phases: reported the moment the previous transaction ends. */
export const IDLE_PHASES: readonly Phase[] = ['P0', 'S0'];

/**
 * Happens-before across the replicas (QEMU's colo_do_checkpoint_transaction and
 * colo_incoming_process_checkpoint; colo-ref's sender/incoming): a message
 * written only after phase `from` is reported, read before `to`. Within one side the order is the
 * transaction's (PRIMARY_PHASES, SECONDARY_PHASES); CHECKPOINT_NEXT links one checkpoint to the next.
 */
export const CROSS_ORDER: ReadonlyArray<readonly [Phase, Phase]> = [
  ['P0', 'S1'], // CHECKPOINT_REQUEST is written after the primary reported idle
  ['S1', 'P2'], // CHECKPOINT_REPLY after the secondary stopped
  ['P3', 'S3'], // VMSTATE_SEND after the primary stopped
  ['P6', 'S5'], // the RAM stream (and its breakpoint) before the device size arrives
  ['P8', 'S6'], // the device blob after P8
  ['S5', 'P9'], // VMSTATE_RECEIVED after the whole blob was read
  ['S7b', 'P11'], // VMSTATE_LOADED after the device load
];
/** From one checkpoint to the next: the last phase of n, the first of n + 1. */
export const CHECKPOINT_NEXT: ReadonlyArray<readonly [Phase, Phase]> = [['P12', 'P0'], ['S8', 'S0']];

/** Checkpoint-link phases where a byte offset refines the position (RAM / device stream). */
export const STREAM_PHASES: readonly Phase[] = ['P6', 'P8', 'S3', 'S5'];
