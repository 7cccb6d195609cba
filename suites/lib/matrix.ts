// The phase matrix: every phase x {crash, hang, checkpoint-link blackhole, reset, latency,
// limit_data mid-stream} x the roles where it means something.
import type { Case } from '../../harness/model/case.ts';
import { PHASES, STREAM_PHASES, type Phase } from '../../harness/model/phases.ts';
import type { SuiteContext } from '../../harness/suite/context.ts';
import { caseId, oneFault, type FaultAt } from './cases.ts';
import { designFaults } from './designs.ts';
import { targetOptions } from './timing.ts';

/** Checkpoint the matrix faults land in (checkpoint 0 is the initial sync). */
export const MATRIX_CHECKPOINT = 1;

export function matrixFaults(checkpoint = MATRIX_CHECKPOINT): FaultAt[] {
  // the idle phases of checkpoint 1 pass before the pair is handed over (right after the initial sync)
  const at = (phase: Phase): number => (phase === 'P0' || phase === 'S0' ? checkpoint + 1 : checkpoint);
  const out: FaultAt[] = [];
  for (const phase of PHASES as readonly Phase[]) {
    for (const role of ['primary', 'secondary'] as const) {
      out.push({ phase, fault: 'crash', role, checkpoint: at(phase) });
      out.push({ phase, fault: 'hang', role, checkpoint: at(phase) });
    }
    out.push({ phase, fault: 'blackhole', link: 'checkpoint', checkpoint: at(phase) });
    out.push({ phase, fault: 'reset', link: 'checkpoint', checkpoint: at(phase) });
    out.push({ phase, fault: 'latency', link: 'checkpoint', checkpoint: at(phase) });
  }
  // cut inside the RAM or device stream: primary -> secondary bytes, a little past the breakpoint
  for (const phase of STREAM_PHASES) {
    for (const bytes of [512, 8192]) {
      out.push({ phase, fault: 'limit_data', link: 'checkpoint', direction: 'upstream', checkpoint, params: { bytes } });
    }
  }
  return out;
}

export function matrixCases(ctx: SuiteContext): Case[] {
  const one = (f: FaultAt, options?: Record<string, number>, suffix?: string): Case => {
    const c = oneFault(ctx, f, suffix ? `${caseId(f)}-${suffix}` : caseId(f));
    const withOptions = options ? { ...c, options: { ...c.options, ...options } } : c;
    // two limit_data sizes share an axis; the byte count keeps their ids apart
    return f.fault === 'limit_data' ? { ...withOptions, id: `${c.id}-${f.params!.bytes}b` } : withOptions;
  };
  // a design option of colo-ref (issue 15) adds the faults of its own windows
  const design = designFaults({ ...targetOptions(ctx.target), ...ctx.targetOptions }, MATRIX_CHECKPOINT);
  return [...matrixFaults().map((f) => one(f)), ...design.map((d) => one(d.fault, d.options, d.suffix))];
}

/** Register cases grouped by phase, so the report and the progress read phase by phase. */
export function registerByPhase(ctx: SuiteContext, cases: readonly Case[]): void {
  const phases = [...new Set(cases.map((c) => c.phase))];
  for (const phase of phases) {
    ctx.describe(phase, () => {
      for (const c of cases) if (c.phase === phase) ctx.caseTest(c);
    });
  }
}
