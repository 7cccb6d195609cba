// phase-matrix: every phase (P0-P12 and S0-S3, S5, S6, S7a, S7b, S8) x {crash, hang,
// checkpoint-link blackhole, reset, latency, limit_data mid-stream} x the roles where it means something.
import type { SuiteContext } from '../harness/suite/context.ts';
import { matrixCases, registerByPhase } from '../harness/suite/matrix.ts';

export default function phaseMatrix(ctx: SuiteContext): void {
  registerByPhase(ctx, matrixCases(ctx));
}
