// What the QEMU target declares about itself (TargetDriver's optional fields): its command-line
// flags (--qemu, --manager), the schedule space and its timing, case defaults, and how exactly
// its breakpoints pin each phase.
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CaseDefaults, PairTiming, SpaceLinks, TargetCliOption } from '../../core/model/target.ts';
import type { Phase } from '../../core/model/phases.ts';
import { QEMU_DEFAULTS } from './defaults.ts';
import { QEMU_ALIASES } from './versions.ts';

const ALIASES = Object.keys(QEMU_ALIASES);

/** An alias as it is, a path made absolute (it must be an executable file). */
export function qemuValue(q: string): string {
  if (ALIASES.includes(q)) return q;
  const path = resolve(q);
  let ok = false;
  try {
    ok = statSync(path).isFile();
    accessSync(path, constants.X_OK);
  } catch {
    ok = false;
  }
  if (!ok) throw new Error(`--qemu ${q}: no executable file there (or an alias: ${ALIASES.join(', ')})`);
  return path;
}

export const QEMU_CLI_OPTIONS: readonly TargetCliOption[] = [
  {
    flags: '--qemu <path|alias>', key: 'qemu', parse: qemuValue,
    description: `the QEMU binary or ${ALIASES.join('|')} (default fixed); run: repeat it to compare versions side by side`,
    matrix: { label: async (q) => (await import('./versions.ts')).qemuLabel(q), variant: 'QEMU', plural: 'QEMUs' },
  },
  {
    flags: '--manager <on|off>', key: 'manager', description: 'the harness is the HA manager (on) or only observes (off)',
    parse: (v) => {
      if (v !== 'on' && v !== 'off') throw new Error(`--manager "${v}" is not valid; valid: on, off`);
      return v;
    },
  },
];

/** QEMU has no heartbeat link (the manager's heartbeat is QMP, off the fault network). */
export const QEMU_LINKS: SpaceLinks = { slow: ['checkpoint', 'mirror', 'svm-out', 'client'], hold: ['checkpoint', 'mirror', 'svm-out'], partition: [['checkpoint']] };

/** No heartbeat or lease of its own: the harness's manager gives up a peer whose QMP is silent for stallMs. */
export function qemuTiming(options: Record<string, string | number | boolean>): PairTiming {
  const stall = typeof options.stallMs === 'number' ? options.stallMs : QEMU_DEFAULTS.stallMs;
  return { heartbeatTimeoutMs: stall, leaseMs: stall, stallTimeoutMs: stall };
}

export const QEMU_CASE_DEFAULTS: CaseDefaults = {
  options: {},
  hangMs: 3000,
  caseMs: 5000,
  // one request at a time, 5 ms apart, until an open loop is measured under TCG
  openLoop: { intervalMs: 5, maxInFlight: 1 },
  // colo-ref's 4 s is too short for a TCG guest on a busy machine: one request takes 0.6-1 s at load 4
  // (20-100 ms at rest), and a survivor primary after migrate_cancel at P4 went 4 s without an answer
  // in CI (the full test run beside two TCG pairs); a dead or frozen survivor still fails, later
  livenessMs: 10_000,
};

/** breakpoints.ts: phases taken at the event before them, and the secondary's load stopped by SIGSTOP. */
const NOT_EXACT: Partial<Record<Phase, string>> = {
  P5: 'taken at P4: no event of its own at its link position',
  P10: 'taken at P9: no event of its own at its link position',
  P0: 'taken at P12: its own event comes later or never', S0: 'taken at S8: its own event comes later or never',
  S7a: 'about a millisecond long, no link position: the secondary is stopped near it (SIGSTOP), where it stopped is reported',
  S7b: 'about a millisecond long, no link position: the secondary is stopped near it (SIGSTOP), where it stopped is reported',
  P0b: 'QEMU has no such phase (colo-ref cache=bounded only)', S0b: 'QEMU has no such phase (colo-ref cache=bounded only)',
};

export function qemuPinning(phase: Phase): 'exact' | string {
  return NOT_EXACT[phase] ?? 'exact';
}
