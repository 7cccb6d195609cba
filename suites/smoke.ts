// smoke (<= 60 s): the classic windows of the COLO thread — crash of the primary before receive,
// mid-device-load, during flush and after receive; the primary lost after its RAM stream (P7) and
// hung mid-device-blob (P8: the secondary takes over, the primary wakes up later); a crash of the
// secondary mid-checkpoint; a partition of the checkpoint link.
import type { SuiteContext } from '../harness/suite/context.ts';
import { oneFault, schedule } from '../harness/suite/cases.ts';

export default function smoke(ctx: SuiteContext): void {
  ctx.describe('primary crash', () => {
    // before receive by construction: the checkpoint link is cut at S1 (before the reply goes out),
    // so when the primary dies at S2 no byte of checkpoint 1 can be in flight to the secondary
    ctx.caseTest({
      ...schedule(ctx, 'S2-crash-primary-cp1', [
        { phase: 'S1', fault: 'blackhole', link: 'checkpoint', checkpoint: 1 },
        { phase: 'S2', fault: 'crash', role: 'primary', checkpoint: 1 },
      ]),
      named: 1,
    });
    ctx.caseTest(oneFault(ctx, { phase: 'S7b', fault: 'crash', role: 'primary', checkpoint: 1 }));
    ctx.caseTest(oneFault(ctx, { phase: 'S7a', fault: 'crash', role: 'primary', checkpoint: 2 }));
    ctx.caseTest(oneFault(ctx, { phase: 'S6', fault: 'crash', role: 'primary', checkpoint: 2 }));
    ctx.caseTest(oneFault(ctx, { phase: 'P7', fault: 'crash', role: 'primary', checkpoint: 2 }));
    ctx.caseTest(oneFault(ctx, { phase: 'P8', fault: 'hang', role: 'primary', checkpoint: 3 }));
  });
  ctx.describe('secondary crash', () => {
    ctx.caseTest(oneFault(ctx, { phase: 'S3', fault: 'crash', role: 'secondary', checkpoint: 1 }));
  });
  ctx.describe('partition', () => {
    ctx.caseTest(oneFault(ctx, { phase: 'P6', fault: 'blackhole', link: 'checkpoint', checkpoint: 1 }));
  });
}
