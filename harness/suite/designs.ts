// The faults a design option of colo-ref adds to the phase matrix (issue 15), on top of the
// default matrix: each new window gets the faults that can break it.
//   cache=bounded:N  the budget hit (S0b: the secondary paused, its request not yet sent) and the
//                    forced checkpoint (P0b: the primary paused by it), x crash / hang / link faults;
//                    those cases run with a long timer, a long compare timeout and no nonces
//                    (a mismatch or a late output triggers a checkpoint too), so that the budget
//                    triggers them; in checkpoint 2 (the first may come from the start-up lag)
//   stream=single    the primary lost with the device fields sent but not VM_EOF (the secondary
//                    loaded them, the cache is dropped), and a cut inside the device state
//   ram-channels=N   channel 1 cut / held / slowed while idle and mid-RAM
import type { Phase } from '../../core/model/phases.ts';
import type { FaultAt } from './cases.ts';
import { SECTION_SIZE } from '../../targets/colo-ref/wire/single.ts';

export type Options = Readonly<Record<string, string | number | boolean>>;

/** Timer of the budget cases: long beside the time the workload needs to fill a budget share. */
export const BUDGET_CASE_DELAY = 3000;

export interface DesignFault {
  fault: FaultAt;
  /** Case options this fault needs (recorded in the case). */
  options?: Record<string, number>;
  /** A suffix for the case id, where the default id would repeat a matrix case's. */
  suffix?: string;
}

export function isBounded(o: Options): boolean {
  return /^bounded:\d+$/.test(String(o.cache ?? ''));
}

export function designFaults(o: Options, checkpoint: number): DesignFault[] {
  const out: DesignFault[] = [];
  if (isBounded(o)) {
    const cp = checkpoint + 1;
    for (const phase of ['P0b', 'S0b'] as const satisfies readonly Phase[]) {
      const options = { 'checkpoint-delay': BUDGET_CASE_DELAY, 'compare-timeout': 1000, 'nonce-rate': 0 };
      for (const role of ['primary', 'secondary'] as const) {
        out.push({ fault: { phase, fault: 'crash', role, checkpoint: cp }, options });
        out.push({ fault: { phase, fault: 'hang', role, checkpoint: cp }, options });
      }
      for (const fault of ['blackhole', 'reset', 'latency'] as const) out.push({ fault: { phase, fault, link: 'checkpoint', checkpoint: cp }, options });
    }
  }
  if (o.stream === 'single') {
    for (const fault of ['crash', 'hang'] as const) {
      out.push({ fault: { phase: 'P8', fault, role: 'primary', checkpoint, bytes: SECTION_SIZE - 8 }, suffix: 'before-eof' });
    }
    // the breakpoint stops after half the 48-byte section; 16 more bytes end it mid-device-state
    for (const phase of ['P8', 'S5'] as const) {
      out.push({ fault: { phase, fault: 'limit_data', link: 'checkpoint', direction: 'upstream', checkpoint, params: { bytes: 16 } } });
    }
  }
  if (Number(o['ram-channels'] ?? 1) > 1) {
    const at = (phase: Phase): number => (phase === 'P0' || phase === 'S0' ? checkpoint + 1 : checkpoint);
    for (const phase of ['P0', 'P6', 'S3'] as const) {
      for (const fault of ['reset', 'blackhole', 'latency'] as const) out.push({ fault: { phase, fault, link: 'ram', channel: 1, checkpoint: at(phase) } });
    }
    for (const phase of ['P6', 'S3'] as const) {
      out.push({ fault: { phase, fault: 'limit_data', link: 'ram', channel: 1, direction: 'upstream', checkpoint, params: { bytes: 8192 } } });
    }
  }
  return out;
}
