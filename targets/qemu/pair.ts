// A running QEMU COLO pair: two QEMU processes, their QMP clients, the checkpoint-stream taps on
// both sides of the fault proxy, the phase tracker, and the HA manager. Implements StartedPair.
import type { Phase, Role } from '../../core/model/phases.ts';
import type { ManagementCommand, ReplicaState, StartedPair, TargetCapabilities } from '../../core/model/target.ts';
import { fetchDump, invariants, journalOutputs, stateDigest } from './guest-state.ts';
import { Manager } from './manager.ts';
import type { StreamRecorder } from './stream-record.ts';
import { writeFile } from 'node:fs/promises';
import { secondaryState } from './secondary-state.ts';
import type { PairParts } from './parts.ts';
import { recordViews } from './view.ts';
import { signalGroup } from '../../faults/process.ts';

/** Each management fault as the QMP command QEMU gets. */
const QMP_COMMANDS: Record<ManagementCommand, [string, Record<string, unknown>?]> = {
  'lost-heartbeat': ['x-colo-lost-heartbeat'],
  cont: ['cont'],
  stop: ['stop'],
  'migrate-cancel': ['migrate_cancel'],
  yank: ['yank', { instances: [{ type: 'migration' }] }],
};

/** The least time a guest's state dump gets (see state()). */
const STATE_FLOOR_MS = 10_000;

export class QemuPair implements StartedPair {
  /** Breakpoints hold the checkpoint link (breakpoints.ts); failover is the harness's job. */
  readonly capabilities: TargetCapabilities = { breakpoints: true, autoFailover: false };
  readonly manager: Manager;
  private stopping: Promise<void> | null = null;

  constructor(readonly parts: PairParts, private readonly record: { path: string; recorder: StreamRecorder } | null = null) {
    this.manager = new Manager(parts);
  }

  clientAddress(role: Role): { host: string; port: number } {
    const c = this.parts.client[role];
    return { host: c.host, port: c.port };
  }

  pid(role: Role): number | undefined {
    return this.parts.replicas[role].pid;
  }

  alive(role: Role): boolean {
    return this.parts.replicas[role].alive;
  }

  /** Recorded (faults/process.ts), so the breakpoints can tell a fault's stop from their own. */
  signal(role: Role, sig: NodeJS.Signals): boolean {
    const pid = this.parts.replicas[role].pid;
    return pid !== undefined && signalGroup(pid, sig);
  }

  arm(_role: Role, phase: Phase, checkpoint: number, bytes?: number): Promise<void> {
    this.parts.breakpoints.arm(phase, checkpoint, bytes);
    return Promise.resolve();
  }

  continue(_role: Role): Promise<void> {
    this.parts.breakpoints.continue();
    return Promise.resolve();
  }

  async state(role: Role, requestedMs: number): Promise<ReplicaState> {
    // a TCG guest answers a dump through its emulated NIC (and, in COLO, colo-compare): under a
    // loaded CI machine that took over 3 s (qemu-smoke's fault-free case went unknown)
    const timeoutMs = Math.max(requestedMs, STATE_FLOOR_MS);
    const r = this.parts.replicas[role];
    if (!r.alive) throw new Error(`the ${role} is not running`);
    const m = this.manager;
    if (role === 'secondary' && !m.failedOver) {
      if (!this.parts.guest) throw new Error('the secondary guest has no client port before failover: its state is the last checkpoint it holds');
      return secondaryState(this.parts, this.parts.guest, () => this.checkpointNow(), timeoutMs);
    }
    const dump = await fetchDump('127.0.0.1', this.parts.client[role].upstream, timeoutMs);
    const violations = invariants(dump, this.parts.opts.accounts, await r.serial());
    const t = this.parts.tracker;
    const mode: ReplicaState['mode'] = role === 'primary' ? (m.standalone ? 'standalone' : 'primary') : 'failed-over';
    return {
      role, mode, digest: stateDigest(dump),
      lastApplied: role === 'primary' ? t.last.primary?.checkpoint ?? 0 : t.wholeOnSecondary,
      lastSeq: dump.lastSeq, outputs: journalOutputs(dump), invariants: { ok: violations.length === 0, violations },
    };
  }

  /** The documented failover procedure for `role`; refused in no-manager mode (QEMU alone has none). */
  failover(role: Role): Promise<void> {
    if (!this.parts.opts.manager) return Promise.reject(new Error('manager off: only observing what QEMU does alone (it never fails over by itself)'));
    return role === 'secondary' ? this.manager.failoverSecondary('failover command') : this.manager.failoverPrimary('failover command');
  }

  /** Setting x-checkpoint-delay while in COLO starts a checkpoint at once (colo_checkpoint_delay_set). */
  async checkpointNow(): Promise<void> {
    const q = this.parts.qmp.primary;
    if (!q) throw new Error('no QMP connection to the primary');
    await q.execute('migrate-set-parameters', { 'x-checkpoint-delay': this.parts.opts.checkpointDelayMs }, 3000);
  }

  /**
   * A bare management command (a fault): sent as is, its answer recorded as a note. A QEMU that does
   * not answer at once (e.g. its big lock held by a checkpoint blocked on the link) is not waited
   * for: the answer is recorded when it comes.
   */
  async manage(role: Role, command: ManagementCommand): Promise<void> {
    const q = this.parts.qmp[role];
    if (!q || !this.alive(role)) throw new Error(`the ${role} is not running: ${command} cannot be sent`);
    const [name, args] = QMP_COMMANDS[command];
    const say = (answer: string): void => this.parts.emit({ type: 'note', message: `${name} to the ${role}: ${answer}` });
    const reply = q.execute(name, args, 10_000).then((r) => say(`answered ${JSON.stringify(r)}`), (e: Error) => say(e.message));
    await Promise.race([reply, new Promise((r) => setTimeout(r, 1000))]);
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await recordViews('at the end', this.parts.qmp, (r) => this.alive(r), this.parts.emit).catch(() => undefined);
      this.manager.close();
      this.parts.guest?.watch.close();
      this.parts.breakpoints.clear();
      this.parts.tracker.flushPending();
      this.parts.tracker.close();
      for (const q of Object.values(this.parts.qmp)) q?.close();
      await Promise.all(Object.values(this.parts.replicas).map((r) => r.stop()));
      await Promise.all(this.parts.taps.map((t) => t.close()));
      await this.parts.clientHold.release();
      if (this.record) await writeFile(this.record.path, this.record.recorder.toGzip());
    })();
    return this.stopping;
  }
}
