// Watches both guests for trouble of their own and reports it as `guest` events (the guest-health
// check reads them): a kernel panic/oops/BUG on a serial console (polled while the pair runs, so the
// event names the checkpoint it appeared at, and read once more when the QEMU exits), and a guest
// reset, which QMP announces (SHUTDOWN guest-reset/guest-panic under -no-reboot, RESET, GUEST_PANICKED).
import { existsSync, readFileSync } from 'node:fs';
import type { Phase, Role } from '../../core/model/phases.ts';
import type { TargetEvent } from '../../core/model/target.ts';
import { kernelTrouble } from './replica.ts';

interface Watched {
  serialLog: string;
  exited: Promise<unknown>;
}

type GuestEvent = Extract<TargetEvent, { type: 'guest' }>;

/** The last checkpoint a role holds whole: S8/P12 and the idle phase after them close one; -1 before any. */
export function lastHeld(last: { phase: Phase; checkpoint: number } | null): number {
  if (!last) return -1;
  return ['S8', 'S0', 'P12', 'P0'].includes(last.phase) ? last.checkpoint : last.checkpoint - 1;
}

export class GuestWatch {
  private readonly reported = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  /** Every guest event so far (the start-up check reads them). */
  readonly seen: GuestEvent[] = [];

  constructor(
    private readonly replicas: Record<Role, Watched>,
    private readonly emit: (e: TargetEvent) => void,
    /** The checkpoint a role holds now, for the event's words (-1: none yet). */
    private readonly held: (role: Role) => number = () => -1,
  ) {
    // registered before anyone awaits the exit (Replica.stop), so the scan lands before the pair has stopped
    for (const role of ['primary', 'secondary'] as const) void replicas[role].exited.then(() => this.scan(role));
  }

  /** Poll both consoles every `ms` until close(). */
  poll(ms: number): void {
    this.timer ??= setInterval(() => { this.scan('primary'); this.scan('secondary'); }, ms);
    this.timer.unref();
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private once(role: Role, what: GuestEvent['what'], message: string, checkpoint = this.held(role)): void {
    const key = `${role}:${what}:${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const n = checkpoint;
    const e: GuestEvent = { type: 'guest', role, what, message, ...(n >= 0 ? { checkpoint: n } : {}) };
    this.seen.push(e);
    this.emit(e);
  }

  /** Kernel trouble on the role's serial console so far (synchronous: callable from an exit handler). */
  scan(role: Role): void {
    const log = this.replicas[role].serialLog;
    if (!existsSync(log)) return;
    for (const line of kernelTrouble(readFileSync(log, 'utf8'))) this.once(role, 'panic', `its console says "${line.trim()}"`);
  }

  /** A QMP event of the role's QEMU. */
  qmp(role: Role, e: { event: string; data?: Record<string, unknown> }): void {
    const reason = typeof e.data?.reason === 'string' ? e.data.reason : '';
    if (e.event === 'GUEST_PANICKED') this.once(role, 'panic', `QEMU reported GUEST_PANICKED (${JSON.stringify(e.data?.action ?? '')})`);
    else if (e.event === 'RESET' && e.data?.guest !== false) this.once(role, 'reset', `QEMU reported a guest RESET${reason ? ` (${reason})` : ''}`);
    else if (e.event === 'SHUTDOWN' && (reason === 'guest-reset' || reason === 'guest-panic')) {
      this.once(role, 'reset', `QEMU shut down on a ${reason} (-no-reboot): the guest rebooted itself (a panic with panic=-1, or a triple fault)`);
    }
  }

  /** The secondary's state differed from the primary's after it loaded `checkpoint`. */
  diverged(message: string, checkpoint: number): void {
    this.once('secondary', 'diverged', message, checkpoint);
  }
}
