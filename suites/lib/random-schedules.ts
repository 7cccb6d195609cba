// Seeded random schedules: a few network faults with random kinds, links, phases and durations at
// increasing checkpoints, optionally ending with a process fault. Plain data (Case.faults[]).
import type { Case, FaultKind, Link } from '../../harness/model/case.ts';
import { PHASES, type Phase } from '../../harness/model/phases.ts';
import type { SuiteContext } from '../../harness/suite/context.ts';
import type { Random } from '../../harness/random.ts';
import { schedule, type FaultAt } from './cases.ts';

const NET_KINDS: readonly FaultKind[] = ['latency', 'slicer', 'bandwidth'];
const NET_LINKS: readonly Link[] = ['checkpoint', 'mirror', 'svm-out', 'heartbeat'];
const FINAL: readonly FaultKind[] = ['crash', 'hang', 'blackhole', 'reset'];

function oneSchedule(r: Random): FaultAt[] {
  const faults: FaultAt[] = [];
  let checkpoint = r.int(1, 2);
  for (let i = r.int(0, 2); i > 0; i--) {
    faults.push({
      phase: r.pick(PHASES as readonly Phase[]), fault: r.pick(NET_KINDS), link: r.pick(NET_LINKS), checkpoint,
      durationMs: r.int(100, 600), ...(r.bool() ? { direction: r.bool() ? 'upstream' : 'downstream' } : {}),
    });
    checkpoint += r.int(1, 2);
  }
  const last = r.pick(FINAL);
  const phase = r.pick(PHASES as readonly Phase[]);
  faults.push(last === 'crash' || last === 'hang'
    ? { phase, fault: last, role: r.bool() ? 'primary' : 'secondary', checkpoint }
    : { phase, fault: last, link: 'checkpoint', checkpoint });
  return faults;
}

export function randomSchedules(ctx: SuiteContext, count: number): Case[] {
  const r = ctx.random('nightly-schedules');
  return Array.from({ length: count }, (_, i) => schedule(ctx, `random-${String(i).padStart(3, '0')}`, oneSchedule(r)));
}
