// qemu-manager: what QEMU COLO guarantees by itself, next to what a correct HA manager achieves.
// Each failure runs twice: "QEMU alone" (manager off: the harness only observes) and "with
// manager" (the harness detects peer loss and runs the documented failover procedure). The
// report's matrix shows the two as separate rows and summary.md tabulates them. The management-plane
// faults (stop, cont, migrate-cancel, yank; lost-heartbeat is pinned in land.test.ts) run the same way. A
// characterisation, not a gate: QEMU has no heartbeat, so its "alone" rows are expected to fail
// liveness (and never split brain).
import type { SuiteContext } from '../harness/suite/context.ts';
import type { Case } from '../core/model/case.ts';
import { caseId, oneFault, type FaultAt } from '../harness/suite/cases.ts';
import { QEMU_SMOKE_OPTIONS } from './qemu-smoke.ts';

const FAILURES: FaultAt[] = [
  { phase: 'P0', fault: 'crash', role: 'primary', checkpoint: 2 }, // idle
  { phase: 'P4', fault: 'crash', role: 'primary', checkpoint: 2 }, // mid-checkpoint, RAM stream
  { phase: 'P11', fault: 'crash', role: 'primary', checkpoint: 2 }, // the secondary holds checkpoint 2 whole
  { phase: 'S3', fault: 'crash', role: 'secondary', checkpoint: 2 }, // mid-checkpoint on the secondary
  { phase: 'P3', fault: 'hang', role: 'primary', checkpoint: 2 }, // a stopped primary (SIGSTOP)
  // the management plane: one bare QMP command to a live pair (faults/management.ts)
  { phase: 'P0', fault: 'stop', role: 'primary', checkpoint: 2 }, // an operator's stop between checkpoints
  { phase: 'P4', fault: 'cont', role: 'primary', checkpoint: 2 }, // cont while COLO holds it paused, mid RAM stream
  { phase: 'P4', fault: 'migrate-cancel', role: 'primary', checkpoint: 2 }, // cancel mid-checkpoint
  { phase: 'P4', fault: 'yank', role: 'primary', checkpoint: 2 }, // yank the migration channel mid-checkpoint
];

const VARIANTS = [
  { variant: 'with manager', suffix: 'managed', manager: 'on' },
  { variant: 'QEMU alone', suffix: 'alone', manager: 'off' },
] as const;

export default function qemuManager(ctx: SuiteContext): void {
  if (ctx.target !== 'qemu') throw new Error(`suite qemu-manager compares QEMU with and without an HA manager: run it with --target qemu, not ${ctx.target}`);
  for (const v of VARIANTS) {
    ctx.describe(v.variant, () => {
      for (const f of FAILURES) {
        const c = oneFault(ctx, f, `${caseId(f)}-${v.suffix}`);
        const withVariant: Case = { ...c, variant: v.variant, options: { ...c.options, ...QEMU_SMOKE_OPTIONS, manager: v.manager } };
        ctx.caseTest(withVariant, { timeoutMs: 120_000 });
      }
    });
  }
}
