// Watches both guests for trouble of their own and reports it as `guest` events (the guest-health
// check reads them): a kernel panic/oops/BUG on a serial console (read when the QEMU exits, and at
// any time with scan()), and a guest reset, which QMP announces (SHUTDOWN guest-reset/guest-panic
// under -no-reboot, RESET, GUEST_PANICKED).
import { existsSync, readFileSync } from 'node:fs';
import type { Role } from '../../harness/model/phases.ts';
import type { TargetEvent } from '../../harness/model/target.ts';
import { kernelTrouble } from './replica.ts';

interface Watched {
  serialLog: string;
  exited: Promise<unknown>;
}

export class GuestWatch {
  private readonly reported = new Set<string>();

  constructor(private readonly replicas: Record<Role, Watched>, private readonly emit: (e: TargetEvent) => void) {
    // registered before anyone awaits the exit (Replica.stop), so the scan lands before the pair has stopped
    for (const role of ['primary', 'secondary'] as const) void replicas[role].exited.then(() => this.scan(role));
  }

  private once(role: Role, what: 'panic' | 'reset' | 'diverged', message: string): void {
    const key = `${role}:${what}:${message}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.emit({ type: 'guest', role, what, message });
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

  diverged(message: string): void {
    this.once('secondary', 'diverged', message);
  }
}
