// smoke (<= 60 s): the classic windows of the COLO thread — crash of the primary before receive,
// mid-device-load, during flush and after receive; a crash of the secondary mid-checkpoint; a
// partition of the checkpoint link.
import type { SuiteContext } from '../harness/suite/context.ts';
import { oneFault } from './lib/cases.ts';

export default function smoke(ctx: SuiteContext): void {
  ctx.describe('primary crash', () => {
    ctx.caseTest(oneFault(ctx, { phase: 'S2', fault: 'crash', role: 'primary', checkpoint: 1 }));
    ctx.caseTest(oneFault(ctx, { phase: 'S7b', fault: 'crash', role: 'primary', checkpoint: 1 }));
    ctx.caseTest(oneFault(ctx, { phase: 'S7a', fault: 'crash', role: 'primary', checkpoint: 2 }));
    ctx.caseTest(oneFault(ctx, { phase: 'S6', fault: 'crash', role: 'primary', checkpoint: 2 }));
  });
  ctx.describe('secondary crash', () => {
    ctx.caseTest(oneFault(ctx, { phase: 'S3', fault: 'crash', role: 'secondary', checkpoint: 1 }));
  });
  ctx.describe('partition', () => {
    ctx.caseTest(oneFault(ctx, { phase: 'P6', fault: 'blackhole', link: 'checkpoint', checkpoint: 1 }));
  });
}
