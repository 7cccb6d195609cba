// The phase matrix: every phase x {crash, hang of each role; checkpoint-link blackhole, reset,
// latency; heartbeat-link blackhole; both links cut at once; limit_data mid-stream}, at
// checkpoints 1..MATRIX_CHECKPOINTS (rotating over the grid, so every phase meets early and late
// checkpoints: a late one carries pages the page writer dirtied over several checkpoints).
import { axesOf, type Case } from '../../core/model/case.ts';
import { PHASES, STREAM_PHASES, type Phase } from '../../core/model/phases.ts';
import type { SuiteContext } from './context.ts';
import { caseId, oneFault, schedule, type FaultAt } from './cases.ts';
import { designFaults } from './designs.ts';

/** Faults land in checkpoints 1..this (checkpoint 0 is the initial sync). */
export const MATRIX_CHECKPOINTS = 5;
/** Where the pair idles between checkpoints (the guest runs, output is compared and held). */
const IDLE: readonly Phase[] = ['P0', 'S0'];

/** One matrix cell: its id and its schedule (one fault, or two that land together). */
export interface MatrixCell {
  id: string;
  faults: FaultAt[];
}

/**
 * The variants of one phase; variant j lands in checkpoint cp(j). `held`: at an idle phase the fault
 * lands once the primary holds output it has not released.
 */
function variants(phase: Phase, cp: (j: number) => number, held: boolean): MatrixCell[] {
  const at = (j: number) => ({ phase, checkpoint: cp(j), ...(held && IDLE.includes(phase) ? { whileHeld: true } : {}) });
  const one = (f: FaultAt): MatrixCell => ({ id: caseId(f), faults: [f] });
  return [
    one({ ...at(0), fault: 'crash', role: 'primary' }),
    one({ ...at(1), fault: 'hang', role: 'primary' }),
    one({ ...at(2), fault: 'crash', role: 'secondary' }),
    one({ ...at(3), fault: 'hang', role: 'secondary' }),
    one({ ...at(4), fault: 'blackhole', link: 'checkpoint' }),
    one({ ...at(5), fault: 'reset', link: 'checkpoint' }),
    one({ ...at(6), fault: 'latency', link: 'checkpoint' }),
    one({ ...at(7), fault: 'blackhole', link: 'heartbeat' }),
    {
      id: `${phase}-blackhole-checkpoint-heartbeat-cp${cp(8)}`,
      faults: [{ ...at(8), fault: 'blackhole', link: 'checkpoint' }, { ...at(8), fault: 'blackhole', link: 'heartbeat' }],
    },
  ];
}

/**
 * `exact(phase)`: the target's breakpoint at the phase holds the pair there. Where it does not (QEMU's
 * P0/S0 are taken at P12/S8 and the pair runs on), waiting for held output would let the next
 * checkpoint begin first, so the fault lands at once.
 */
export function matrixCells(checkpoints = MATRIX_CHECKPOINTS, exact: (phase: Phase) => boolean = () => true): MatrixCell[] {
  const out: MatrixCell[] = [];
  PHASES.forEach((phase, i) => {
    // the idle phases of checkpoint 1 pass before the pair is handed over (right after the initial sync)
    const first = IDLE.includes(phase) ? 2 : 1;
    out.push(...variants(phase, (j) => first + ((i + j) % checkpoints), exact(phase)));
  });
  // cut inside the RAM or device stream: primary -> secondary bytes, a little past the breakpoint
  STREAM_PHASES.forEach((phase, i) => {
    [512, 8192].forEach((bytes, j) => {
      const f: FaultAt = { phase, fault: 'limit_data', link: 'checkpoint', direction: 'upstream', checkpoint: 1 + ((i + j) % checkpoints), params: { bytes } };
      out.push({ id: `${caseId(f)}-${bytes}b`, faults: [f] });
    });
  });
  return out;
}

export function matrixCases(ctx: SuiteContext): Case[] {
  const pinning = ctx.driver.pinning;
  // only the links the target has (QEMU has no heartbeat link: its manager's heartbeat is QMP, off
  // the fault network; such cells went unknown after starting a pair, 'no proxy for link heartbeat')
  const links = new Set(ctx.driver.proxies({ ...ctx.driver.caseDefaults?.options, ...ctx.targetOptions }).map((p) => p.link));
  const present = (cell: MatrixCell): boolean => cell.faults.every((f) => f.link === undefined || links.has(f.link));
  const cells = matrixCells(MATRIX_CHECKPOINTS, (p) => !pinning || pinning(p) === 'exact').filter(present).map((cell) => {
    const c = schedule(ctx, cell.id, cell.faults);
    // idle phases: the target's options that make every response held, so the fault surely meets held output
    const idle = ctx.driver.caseDefaults?.idleOptions;
    return idle && IDLE.includes(axesOf(c).phase) ? { ...c, options: { ...c.options, ...idle } } : c;
  });
  // a design option of colo-ref (issue 15) adds the faults of its own windows (in checkpoint 1)
  const design = designFaults({ ...ctx.driver.caseDefaults?.options, ...ctx.targetOptions }, 1).map((d) => {
    const c = oneFault(ctx, d.fault, d.suffix ? `${caseId(d.fault)}-${d.suffix}` : caseId(d.fault));
    const withOptions = d.options ? { ...c, options: { ...c.options, ...d.options } } : c;
    return d.fault.fault === 'limit_data' ? { ...withOptions, id: `${c.id}-${d.fault.params!.bytes}b` } : withOptions;
  });
  return [...cells, ...design];
}

/** Register cases grouped by phase, so the report and the progress read phase by phase. */
export function registerByPhase(ctx: SuiteContext, cases: readonly Case[]): void {
  const phases = [...new Set(cases.map((c) => axesOf(c).phase))];
  for (const phase of phases) {
    ctx.describe(phase, () => {
      for (const c of cases) if (axesOf(c).phase === phase) ctx.caseTest(c);
    });
  }
}
