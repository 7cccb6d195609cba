// The checkpoint phases of DESIGN.md: P* on the primary's timeline, S* on the secondary's.
// Named after QEMU's colo_do_checkpoint_transaction / colo_incoming_process_checkpoint.

export type Role = 'primary' | 'secondary';

export const PRIMARY_PHASES = [
  'P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11', 'P12',
] as const;
export const SECONDARY_PHASES = ['S0', 'S1', 'S2', 'S3', 'S5', 'S6', 'S7a', 'S7b', 'S8'] as const;
export const PHASES = [...PRIMARY_PHASES, ...SECONDARY_PHASES] as const;

export type PrimaryPhase = (typeof PRIMARY_PHASES)[number];
export type SecondaryPhase = (typeof SECONDARY_PHASES)[number];
export type Phase = (typeof PHASES)[number];

export const PHASE_NAMES: Record<Phase, string> = {
  P0: 'p.idle',
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
  S1: 's.vm-stopped',
  S2: 's.reply-sent',
  S3: 's.ram-receiving',
  S5: 's.device-receiving',
  S6: 's.received',
  S7a: 's.flushing',
  S7b: 's.device-loading',
  S8: 's.loaded',
};

export function isPhase(x: unknown): x is Phase {
  return typeof x === 'string' && (PHASES as readonly string[]).includes(x);
}

/** The replica whose timeline a phase belongs to (where its breakpoint is armed). */
export function phaseOwner(phase: Phase): Role {
  return phase.startsWith('P') ? 'primary' : 'secondary';
}

/** Position of a phase within its own role's checkpoint transaction (0-based). */
export function phaseIndex(phase: Phase): number {
  const list: readonly string[] = phase.startsWith('P') ? PRIMARY_PHASES : SECONDARY_PHASES;
  return list.indexOf(phase);
}

/**
 * Whether the secondary already holds the whole checkpoint when a phase is reached.
 * Primary side: from P9 (VMSTATE_RECEIVED received) on. Secondary side: from S6 on.
 * A primary fault before that point must leave the secondary on the previous checkpoint.
 */
export function secondaryHoldsCheckpoint(phase: Phase): boolean {
  return phaseOwner(phase) === 'primary'
    ? phaseIndex(phase) >= phaseIndex('P9')
    : phaseIndex(phase) >= phaseIndex('S6');
}

/** Checkpoint-link phases where a byte offset refines the position (RAM / device stream). */
export const STREAM_PHASES: readonly Phase[] = ['P6', 'P8', 'S3', 'S5'];
