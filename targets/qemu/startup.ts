// Bounded waits of the start sequence: a socket file, the guest's readiness line, COLO running.
import { existsSync } from 'node:fs';
import type { PhaseTracker } from './phase-map.ts';
import type { QmpClient } from './qmp.ts';
import { SetupError } from './paths.ts';
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

/** The secondary sent CHECKPOINT_READY (seen on the tap) and query-migrate says colo. */
export async function waitColo(q: QmpClient, tracker: PhaseTracker, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let status = '';
  while (Date.now() < deadline) {
    if (tracker.coloAt !== null) return;
    const m = await q.execute<{ status?: string; 'error-desc'?: string }>('query-migrate', undefined, 2000);
    status = m.status ?? '';
    if (status === 'failed' || status === 'cancelled') throw new Error(`the migration to the secondary ${status}: ${m['error-desc'] ?? 'no reason given'}`);
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`COLO did not start within ${timeoutMs} ms (query-migrate: ${status || 'no answer'})`);
}

/** A file (QEMU's QMP socket) exists; gives up early if `alive()` turns false. */
export async function waitFile(path: string, timeoutMs: number, alive: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && alive()) {
    if (existsSync(path)) return;
    await new Promise((res) => setTimeout(res, 25));
  }
}
