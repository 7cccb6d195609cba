// qemu-smoke (<= 5 min after the build): real QEMU COLO under TCG with the harness as HA manager.
// A fault-free watch: COLO runs WATCH_CP checkpoints (its only faults, benign checkpoint-now commands,
// carry it there), so a QEMU that deadlocks at an early checkpoint (stock 7.2 under TCG:
// usually checkpoint 1, seen as late as 5) fails it on liveness every run, while a crash case may land
// first. COLO reaches several checkpoints with the guest's service answering through colo-compare
// (the replication case, checkpoint STOCK_WATCH_CP); a primary crash while idle and mid-checkpoint;
// a secondary crash mid-checkpoint; with block replication, a primary crash mid-RAM-stream.
import type { SuiteContext } from '../harness/suite/context.ts';
import type { Case } from '../core/model/case.ts';
import { caseId, oneFault, schedule, type FaultAt } from '../harness/suite/cases.ts';

/** Short checkpoint period so the cases reach their checkpoint quickly; a small bank. */
export const QEMU_SMOKE_OPTIONS = { checkpointDelay: 1000, accounts: 16, manager: 'on' } as const;

function qemuCase(ctx: SuiteContext, f: FaultAt, disk = false): Case {
  const c = oneFault(ctx, f, disk ? `${caseId(f)}-disk` : caseId(f));
  return { ...c, options: { ...c.options, ...QEMU_SMOKE_OPTIONS, ...(disk ? { disk: true } : {}) } };
}

/** The replication case runs to this checkpoint (x-checkpoint-delay 500 ms: about as long as 3 at 1 s). */
export const STOCK_WATCH_CP = 6;

/**
 * The fault-free watch runs COLO to this checkpoint at the smoke period: twice as deep as the latest
 * stock deadlock seen. A benign checkpoint-now every WATCH_EVERY checkpoints carries it there, each
 * within the land bound of the one before (one fault at checkpoint 10 would not land within it).
 */
export const WATCH_CP = 10;
const WATCH_EVERY = 2;
/** The watch case's id (`colo-chaos run --suite qemu-smoke --case ...` judges a QEMU binary in one case). */
export const WATCH_ID = `fault-free-watch-cp${WATCH_CP}`;

function watchCase(ctx: SuiteContext): Case {
  const steps = Array.from({ length: WATCH_CP / WATCH_EVERY }, (_, i): FaultAt => ({ phase: 'P1', fault: 'checkpoint-command', role: 'primary', checkpoint: (i + 1) * WATCH_EVERY }));
  const c = schedule(ctx, WATCH_ID, steps);
  return { ...c, options: { ...c.options, ...QEMU_SMOKE_OPTIONS } };
}

export default function qemuSmoke(ctx: SuiteContext): void {
  const timeoutMs = 120_000;
  ctx.describe('fault-free', () => {
    ctx.caseTest(watchCase(ctx), { timeoutMs });
  });
  ctx.describe('replication', () => {
    const c = qemuCase(ctx, { phase: 'P0', fault: 'checkpoint-command', role: 'primary', checkpoint: STOCK_WATCH_CP });
    ctx.caseTest({ ...c, options: { ...c.options, checkpointDelay: 500 } }, { timeoutMs });
  });
  ctx.describe('primary crash', () => {
    ctx.caseTest(qemuCase(ctx, { phase: 'P0', fault: 'crash', role: 'primary', checkpoint: 2 }), { timeoutMs });
    ctx.caseTest(qemuCase(ctx, { phase: 'P4', fault: 'crash', role: 'primary', checkpoint: 2 }), { timeoutMs });
  });
  ctx.describe('secondary crash', () => {
    ctx.caseTest(qemuCase(ctx, { phase: 'S3', fault: 'crash', role: 'secondary', checkpoint: 2 }), { timeoutMs });
  });
  ctx.describe('block replication', () => {
    ctx.caseTest(qemuCase(ctx, { phase: 'P6', fault: 'crash', role: 'primary', checkpoint: 2 }, true), { timeoutMs });
  });
}
