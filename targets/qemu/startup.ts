// Bounded waits of the start sequence: a socket file, the guest's readiness line, COLO running.
import { existsSync } from 'node:fs';
import type { PhaseTracker } from './phase-map.ts';
import type { QmpClient } from './qmp.ts';
import { SetupError } from './paths.ts';
import { TargetFinding } from '../../core/start-errors.ts';
import type { Replica } from './replica.ts';

export const READY_LINE = 'COLO-GUEST-READY';

function tail(text: string, n = 6): string {
  return text.trim().split('\n').slice(-n).join(' | ') || '(empty)';
}

/** The guest printed its readiness line on the serial console. */
export async function waitReady(r: Replica, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const serial = await r.serial();
    if (serial.includes(READY_LINE)) return;
    if (!r.alive) throw new SetupError(`the ${r.role} QEMU exited before the guest was ready: ${r.stderrTail()}; serial: ${tail(serial)}`);
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new SetupError(`guest never ready: no ${READY_LINE} on the ${r.role}'s serial within ${timeoutMs} ms; serial tail: ${tail(await r.serial())}`);
}

/** The primary's QMP silent this long while entering COLO, its process running: a hang, not a slow machine. */
export const START_HANG_MS = 10_000;

/** Where the primary's checkpoint stream had got to, for a start that never reached COLO. */
function streamAt(tracker: PhaseTracker): string {
  const l = tracker.last.primary;
  return l ? `its checkpoint stream last reached ${l.phase} of checkpoint ${l.checkpoint}` : 'its checkpoint stream had not begun';
}

/**
 * The secondary sent CHECKPOINT_READY (seen on the tap) and query-migrate says colo. A migration that
 * completes or fails instead, or a primary whose QMP goes silent on the way, is a finding about this QEMU.
 */
export async function waitColo(q: QmpClient, tracker: PhaseTracker, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let status = '';
  let answeredAt = Date.now();
  while (Date.now() < deadline) {
    if (tracker.coloAt !== null) return;
    const m = await q.execute<{ status?: string; 'error-desc'?: string }>('query-migrate', undefined, 2000).catch((e: Error) => {
      if (!alive() || !/no reply/.test(e.message)) throw e;
      return null;
    });
    if (m) {
      answeredAt = Date.now();
      status = m.status ?? '';
      if (status === 'failed' || status === 'cancelled') throw new TargetFinding(`this QEMU never entered COLO: the primary's migration to the secondary ${status} with no fault injected (${m['error-desc'] ?? 'QEMU gave no reason'}); ${streamAt(tracker)}`);
      // QEMU 10.0.2: the state machine goes active -> device -> completed and never switches to colo
      if (status === 'completed') throw new TargetFinding(`this QEMU never entered COLO: the primary's migration completed (query-migrate: completed) instead of switching to colo after the initial sync, so the secondary is a plain migration target and there is nothing to fail over to; ${streamAt(tracker)}`);
    } else if (Date.now() - answeredAt >= START_HANG_MS) {
      throw new TargetFinding(`this QEMU hung entering COLO: the primary's QMP has not answered for ${Date.now() - answeredAt} ms though its process runs (last query-migrate: ${status || 'none'}); ${streamAt(tracker)}`);
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  // CHECKPOINT_READY may have come during the last query
  if (tracker.coloAt !== null) return;
  throw new Error(`COLO did not start within ${timeoutMs} ms (query-migrate: ${status || 'no answer'}; ${streamAt(tracker)})`);
}

/** A file (QEMU's QMP socket) exists; gives up early if `alive()` turns false. */
export async function waitFile(path: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    if (existsSync(path)) return;
    await new Promise((res) => setTimeout(res, 25));
  }
}
