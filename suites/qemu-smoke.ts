// qemu-smoke (<= 5 min after the build): real QEMU COLO under TCG with the harness as HA manager.
// COLO reaches several checkpoints with the guest's service answering through colo-compare (a
// benign checkpoint-now command at checkpoint STOCK_WATCH_CP, with a short period: long enough that
// the stock 7.2 deadlock, seen as late as checkpoint 5, always comes first); a primary crash while idle and mid-checkpoint;
// a secondary crash mid-checkpoint; with block replication, a primary crash mid-RAM-stream.
import type { SuiteContext } from '../harness/suite/context.ts';
import type { Case } from '../core/model/case.ts';
import { caseId, oneFault, type FaultAt } from '../harness/suite/cases.ts';

/** Short checkpoint period so the cases reach their checkpoint quickly; a small bank. */
export const QEMU_SMOKE_OPTIONS = { checkpointDelay: 1000, accounts: 16, manager: 'on' } as const;

function qemuCase(ctx: SuiteContext, f: FaultAt, disk = false): Case {
  const c = oneFault(ctx, f, disk ? `${caseId(f)}-disk` : caseId(f));
  return { ...c, options: { ...c.options, ...QEMU_SMOKE_OPTIONS, ...(disk ? { disk: true } : {}) } };
}

/** The replication case runs to this checkpoint (x-checkpoint-delay 500 ms: about as long as 3 at 1 s). */
export const STOCK_WATCH_CP = 6;

export default function qemuSmoke(ctx: SuiteContext): void {
  const timeoutMs = 120_000;
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
