// bugs: one canary case per planted bug of the reference pair, each built to open the window that
// bug needs. The clean pair passes them all; with --bug NAME its canary fails on the named check.
import type { SuiteContext } from '../harness/suite/context.ts';
import type { Case } from '../core/model/case.ts';
import { oneFault, schedule } from '../harness/suite/cases.ts';

export default function bugs(ctx: SuiteContext): void {
  // direct-ram-write: the primary dies mid-RAM-stream; the secondary must resume from the previous
  // checkpoint with RAM untouched by the half-received stream (consistent-resume)
  ctx.caseTest(oneFault(ctx, { phase: 'P6', fault: 'crash', role: 'primary', checkpoint: 1 }));
  // partial-device-load: the primary dies mid-device-blob; half a blob must never be applied
  ctx.caseTest(oneFault(ctx, { phase: 'P8', fault: 'crash', role: 'primary', checkpoint: 1 }));
  // skip-svm-dirty: pages the secondary's own guest dirtied (nonces) must be flushed back (consistent-resume)
  ctx.caseTest(allNonces(oneFault(ctx, { phase: 'S7a', fault: 'crash', role: 'primary', checkpoint: 2 })));
  // no-relaunch: failover command while the secondary is mid-flush must finish the apply first
  ctx.caseTest(schedule(ctx, 'S7a-crash-primary-failover-command-cp1', [
    { phase: 'S7a', fault: 'crash', role: 'primary', checkpoint: 1 },
    { phase: 'S7a', fault: 'failover-command', role: 'secondary', checkpoint: 1 },
  ]));
  // early-release: the primary is cut off from the secondary right after sending the device blob;
  // held (nonce) output released before VMSTATE_RECEIVED escapes (output-commit)
  ctx.caseTest(allNonces(schedule(ctx, 'P8-partition-cp1', [
    { phase: 'P8', fault: 'blackhole', link: 'checkpoint', checkpoint: 1 },
    { phase: 'P8', fault: 'blackhole', link: 'heartbeat', checkpoint: 1 },
  ])));
  // early-vmstate-received: the secondary stops mid-device-blob, having acked it already; the primary
  // must not have treated that checkpoint as held (protocol-order)
  ctx.caseTest(oneFault(ctx, { phase: 'S5', fault: 'crash', role: 'secondary', checkpoint: 1 }));
  // unsent-page: checkpoints 1 and 2, loaded before the fault, already differ from the primary's
  // (replica-state); P12 comes in every checkpoint (an S7a breakpoint needs pages to flush, and this
  // bug may leave a checkpoint with none)
  ctx.caseTest(oneFault(ctx, { phase: 'P12', fault: 'crash', role: 'primary', checkpoint: 2 }));
  // lost-held-output: the checkpoint link dies with (nonce) output held; the standalone primary must
  // still answer those requests (liveness). It lands at P0 once output is held (whileHeld): at P6 the
  // guest is stopped, so a loaded machine that ran no request since the last checkpoint held none.
  ctx.caseTest(allNonces(oneFault(ctx, { phase: 'P0', fault: 'blackhole', link: 'checkpoint', checkpoint: 2, whileHeld: true })));
  // release-without-lease: the mirror link is slow, so while the primary is hung (past the heartbeat
  // timeout) the secondary still runs requests mirrored before the hang and sends their outputs; the
  // primary wakes after the take-over and must not release them on a compare match (split-brain).
  // A long compare timeout keeps those outputs waiting for a match when it wakes. No nonces, so
  // outputs match and none is held: the hang lands at whileHeld's bound, 1 s into the idle, while the
  // outputs of the last 300 ms are on their way back (with 30% nonces it landed at the first held
  // output and every output on waking mismatched in ~1 run in 4 under load: the bug went unseen; at
  // plain P0 only the few requests queued during the checkpoint were out: 5 of 8 caught at load ~12;
  // like this 8 of 8).
  const stale = schedule(ctx, 'P0-hang-primary-mirror-latency-cp3', [
    { phase: 'P0', fault: 'latency', link: 'mirror', checkpoint: 2, params: { latency: 300, jitter: 0 }, durationMs: 3000 },
    { phase: 'P0', fault: 'hang', role: 'primary', checkpoint: 3, whileHeld: true },
  ]);
  ctx.caseTest({ ...stale, options: { ...stale.options, 'nonce-rate': 0, 'compare-timeout': 3000 } });
}

/** Every response non-deterministic, so each one is held by compare (until the next checkpoint) and dirties a page only its replica wrote. */
function allNonces(c: Case): Case {
  return { ...c, options: { ...c.options, 'nonce-rate': 1 } };
}
