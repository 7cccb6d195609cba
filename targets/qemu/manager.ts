// The harness as QEMU's HA manager (QEMU has no heartbeat). It watches for peer loss — process
// exit, COLO_EXIT on QMP, a stalled checkpoint, a QMP monitor silent for stallMs — and runs the
// documented failover procedures (QEMU's docs/COLO-FT.txt). With --failover manual it acts only on
// failover() commands; with manager off it only observes and reports. Each procedure runs at most once.
import type { Role } from '../../core/model/phases.ts';
import type { PairParts } from './parts.ts';
import { dropReplicationChild, stopSecondaryDisk } from './disk.ts';
import { hmp } from './qmp.ts';
import { kernelTrouble } from './replica.ts';
import { procState } from './proc-state.ts';
import { queryView } from './view.ts';
import { fetchDump, stateDigest } from './guest-state.ts';

const POLL_MS = 250;
const GRACE_MS = 300;
/** How long QEMU has to run the survivor's VM by itself after failover. */
const RUN_MS = 5000;

export class Manager {
  failedOver = false;
  standalone = false;
  private secondaryFo: Promise<void> | null = null;
  private primaryFo: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stallReported = -1;
  private secondaryStallReported = -1;
  private idleReported = false;
  private closed = false;
  private decided = false;
  private pinging = new Set<Role>();
  /** Host ms of each monitor's last answer; a monitor reported silent is not reported again until it answers. */
  private answeredAt: Record<Role, number> = { primary: Date.now(), secondary: Date.now() };
  private silent = new Set<Role>();

  constructor(private readonly p: PairParts) {}

  /** Start watching (after COLO is up). */
  watch(): void {
    for (const role of ['primary', 'secondary'] as const) {
      void this.p.replicas[role].exited.then(async (e) => {
        this.p.emit({ type: 'exit', role, code: e.code, signal: e.signal });
        // QEMU exits 0 when its guest panics (panic=-1, -no-reboot): say so
        const trouble = kernelTrouble(await this.p.replicas[role].serial());
        if (trouble.length) this.note(role, `the ${role}'s guest kernel: ${trouble.map((l) => l.trim()).join(' | ')}`);
        // with -no-reboot a guest reset (triple fault) ends QEMU with 0 too, and leaves no panic on the console
        else if (e.code === 0 && !this.closed) this.note(role, `the ${role}'s guest reset (QEMU exited 0 under -no-reboot with no panic on its serial console: a triple fault?)`);
        if (!this.closed) this.lost(role, `the ${role} exited (${e.signal ?? `code ${e.code}`})`, 0);
      });
      this.p.qmp[role]?.onEvent((e) => {
        if (e.event !== 'COLO_EXIT' || this.closed) return;
        const reason = String(e.data?.reason ?? '');
        this.p.emit({ type: 'view', role, when: 'COLO_EXIT', view: { 'colo-mode': String(e.data?.mode), 'colo-reason': reason } });
        this.note(role, `COLO_EXIT on the ${role}: mode ${String(e.data?.mode)}, reason ${reason}`);
        // the link broke: whoever is still alive decides; the primary keeps serving if it can
        if (reason === 'error') this.lost(role === 'primary' ? 'secondary' : 'primary', `COLO_EXIT(${role}, error)`, GRACE_MS);
      });
    }
    this.timer = setInterval(() => { this.checkStall(); this.heartbeat(); }, POLL_MS);
  }

  /** QMP as heartbeat: a QEMU whose monitor stays silent for stallMs (hung, SIGSTOPped) is lost. */
  private heartbeat(): void {
    for (const role of ['primary', 'secondary'] as const) {
      const q = this.p.qmp[role];
      if (!q || this.pinging.has(role) || !this.p.replicas[role].alive || this.decided) continue;
      this.pinging.add(role);
      void q.execute('query-status', undefined, this.p.opts.stallMs).then(
        () => {
          this.pinging.delete(role);
          this.answeredAt[role] = Date.now();
          this.silent.delete(role);
        },
        (e: Error) => {
          this.pinging.delete(role);
          if (this.closed || !this.p.replicas[role].alive || this.silent.has(role)) return;
          // a monitor that closed is a QEMU that died (its exit is reported when it is reaped), not a hang
          if (!/no reply to/.test(e.message) || procState(this.p.replicas[role].pid) === 'dead') return;
          this.silent.add(role);
          this.stall(role, `the ${role}'s QMP did not answer for ${this.p.opts.stallMs} ms (hung?); it stopped at ${this.p.tracker.where(role)}`);
          this.lost(role, `the ${role} does not answer QMP`, 0);
        },
      );
    }
  }

  /** No progress: where the role stopped, for how long (the checkers decide whether a fault explains it). */
  private stall(role: Role, message: string): void {
    const l = this.p.tracker.last[role];
    this.p.emit({ type: 'stall', role, phase: l?.phase ?? (role === 'primary' ? 'P0' : 'S0'), checkpoint: l?.checkpoint ?? 0, forMs: l ? Date.now() - l.t : 0, message });
  }

  private note(role: Role, message: string): void {
    this.p.emit({ type: 'error', role, message });
  }

  /**
   * Peer loss seen: after a grace (a dying process shows up as COLO_EXIT on its peer first),
   * a dead process decides who survives; if both live, `who` is the one given up.
   */
  private lost(who: Role, why: string, graceMs: number): void {
    if (!this.p.opts.policy || this.closed || this.decided) return;
    this.decided = true;
    setTimeout(() => {
      if (this.closed) return;
      const { primary, secondary } = this.p.replicas;
      const gone: Role = !primary.alive ? 'primary' : !secondary.alive ? 'secondary' : who;
      const run = gone === 'primary' ? this.failoverSecondary(why) : this.failoverPrimary(why);
      run.catch((e: Error) => this.note(gone === 'primary' ? 'secondary' : 'primary', `failover failed: ${e.message}`));
    }, graceMs);
  }

  /** A checkpoint in progress for longer than stallMs, or none started for delay + stallMs. */
  private checkStall(): void {
    const t = this.p.tracker;
    const last = t.last.primary;
    if (!last || this.failedOver || this.standalone || !this.p.replicas.primary.alive || this.p.breakpoints.paused) return;
    const age = Date.now() - last.t;
    const inCheckpoint = last.phase !== 'P0' && last.phase !== 'P12';
    this.checkSecondaryStall();
    if (inCheckpoint && age > this.p.opts.stallMs && this.stallReported !== last.checkpoint) {
      this.stallReported = last.checkpoint;
      // the heartbeat already knows whether the primary's monitor answers (no extra query on a hung one)
      // (pinged every 250 ms: a live monitor has answered since the checkpoint stopped moving)
      const ok = this.answeredAt.primary > last.t;
      this.stall('primary', `checkpoint ${last.checkpoint} stalled: the primary stopped at ${t.where('primary')}; secondary at ${t.where('secondary')}; primary QMP ${ok ? 'answers' : 'does not answer'}`);
      const gone = stalledSide(ok, Date.now() - this.answeredAt.secondary, this.p.opts.stallMs, t.wholeOnSecondary >= last.checkpoint);
      this.lost(gone, `checkpoint ${last.checkpoint} stalled`, 0);
    } else if (!inCheckpoint && age > this.p.opts.checkpointDelayMs + this.p.opts.stallMs && !this.idleReported) {
      this.idleReported = true;
      this.note('primary', `no checkpoint started for ${age} ms after checkpoint ${last.checkpoint} (x-checkpoint-delay ${this.p.opts.checkpointDelayMs} ms)`);
    }
  }

  /** A secondary stuck inside a checkpoint (stopped, receiving or loading) is reported on its own. */
  private checkSecondaryStall(): void {
    const t = this.p.tracker;
    const last = t.last.secondary;
    if (!last || !this.p.replicas.secondary.alive || last.phase === 'S0' || last.phase === 'S8') return;
    if (Date.now() - last.t <= this.p.opts.stallMs || this.secondaryStallReported === last.checkpoint) return;
    this.secondaryStallReported = last.checkpoint;
    const ok = this.answeredAt.secondary > last.t;
    this.stall('secondary', `checkpoint ${last.checkpoint} stalled: the secondary stopped at ${t.where('secondary')}; primary at ${t.where('primary')}; secondary QMP ${ok ? 'answers' : 'does not answer'}`);
  }

  /** The primary is lost: fence it (SIGKILL), then the secondary takes over. */
  failoverSecondary(why: string): Promise<void> {
    if (this.primaryFo) return Promise.reject(new Error('the manager already gave up the secondary (the primary runs alone)'));
    this.secondaryFo ??= (async () => {
      const { replicas, qmp, tracker, client } = this.p;
      const q = qmp.secondary;
      if (!q || !replicas.secondary.alive) throw new Error('the secondary is not running');
      tracker.failingOver = true;
      replicas.primary.signal('SIGKILL');
      await replicas.primary.exited;
      this.p.emit({ type: 'fenced', role: 'primary', reason: `${why}: killed by the manager before failover` });
      await this.tolerate('secondary', 'yank', q.execute('yank', { instances: [{ type: 'migration' }] }, 3000));
      if (this.p.opts.disk) await stopSecondaryDisk(q);
      await q.execute('x-colo-lost-heartbeat', undefined, 5000);
      for (const id of ['f2', 'f1']) await this.tolerate('secondary', `object-del ${id}`, q.execute('object-del', { id }, 3000));
      await this.p.clientHold.release();
      await hmp(q, `hostfwd_add hn0 tcp:127.0.0.1:${client.secondary.upstream}-:80`);
      await this.running('secondary', q);
      // QEMU's view and the guest's own (read before any client reaches it) as the survivor starts
      const guest = await fetchDump('127.0.0.1', client.secondary.upstream, 1500).catch(() => null);
      const view = await queryView(q, replicas.secondary.alive);
      this.p.emit({ type: 'view', role: 'secondary', when: 'after failover', view: { ...view, 'guest-last-seq': guest?.lastSeq ?? null, 'guest-digest': guest ? stateDigest(guest).slice(0, 12) : null } });
      this.failedOver = true;
      const n = tracker.wholeOnSecondary;
      this.p.emit({ type: 'failover', role: 'secondary', resumedFrom: n, digest: tracker.secondaryDigests.get(n) ?? '' });
    })();
    return this.secondaryFo;
  }

  /** The secondary is lost: fence it, unblock the migration thread, drop the COLO proxy objects, continue alone. */
  failoverPrimary(why: string): Promise<void> {
    if (this.secondaryFo) return Promise.reject(new Error('the manager already gave up the primary (the secondary took over)'));
    this.primaryFo ??= (async () => {
      const { replicas, qmp, tracker } = this.p;
      const q = qmp.primary;
      if (!q || !replicas.primary.alive) throw new Error('the primary is not running');
      tracker.failingOver = true;
      replicas.secondary.signal('SIGKILL');
      await replicas.secondary.exited;
      this.p.emit({ type: 'fenced', role: 'secondary', reason: `${why}: killed by the manager` });
      await this.tolerate('primary', 'yank', q.execute('yank', { instances: [{ type: 'migration' }] }, 3000));
      if (this.p.opts.disk) await dropReplicationChild(q);
      for (const id of ['comp0', 'iothread1', 'm0', 'redire0', 'redire1']) await this.tolerate('primary', `object-del ${id}`, q.execute('object-del', { id }, 3000));
      await q.execute('x-colo-lost-heartbeat', undefined, 5000);
      await this.running('primary', q);
      this.p.emit({ type: 'view', role: 'primary', when: 'after failover', view: await queryView(q, replicas.primary.alive) });
      this.standalone = true;
      this.p.emit({ type: 'standalone', role: 'primary', reason: why });
    })();
    return this.primaryFo;
  }

  /**
   * A failover step that may fail harmlessly (the object is already gone, nothing left to yank): the
   * procedure goes on, but a failure or a slow answer is noted, since a filter left in place would
   * keep the survivor's clients from its guest.
   */
  private async tolerate(role: Role, what: string, step: Promise<unknown>): Promise<void> {
    const t0 = Date.now();
    await step.then(
      () => { if (Date.now() - t0 > 1000) this.note(role, `failover: ${what} on the ${role} took ${Date.now() - t0} ms`); },
      (e: Error) => this.note(role, `failover: ${what} on the ${role} failed (${e.message}); going on`),
    );
  }

  /**
   * The survivor's VM runs after failover: QEMU starts it itself (the secondary at once, the primary
   * once its COLO thread ends). One still stopped after RUN_MS is continued, and that is said: it
   * is QEMU's failover that left it so, which the report should show, not hide behind a pass.
   */
  private async running(role: Role, q: NonNullable<PairParts['qmp']['primary']>): Promise<void> {
    const status = await waitRunning(q, RUN_MS);
    if (status === 'running') return;
    this.note(role, `the ${role}'s VM was still ${status} ${RUN_MS} ms after failover: the manager continues it (cont)`);
    await q.execute('cont', undefined, 5000);
    const after = await waitRunning(q, 5000);
    if (after !== 'running') throw new Error(`the ${role}'s VM is not running after failover and cont (status ${after})`);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
  }
}

/**
 * Who is lost when a checkpoint stalls: a primary whose monitor is silent; else a secondary whose
 * monitor has been silent for half the stall bound (a live one answers every POLL_MS; the matrix's
 * secondary hangs at P9/S6 had the healthy primary fenced because the secondary held the checkpoint
 * whole); else the primary if the secondary holds the checkpoint whole, the secondary if not.
 */
export function stalledSide(primaryAnswers: boolean, secondarySilentMs: number, stallMs: number, wholeOnSecondary: boolean): Role {
  if (!primaryAnswers) return 'primary';
  if (secondarySilentMs >= stallMs / 2) return 'secondary';
  return wholeOnSecondary ? 'primary' : 'secondary';
}

/** The VM's run state within timeoutMs ('running' as soon as seen); a slow or failed query is asked again. */
async function waitRunning(q: NonNullable<PairParts['qmp']['primary']>, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let status = 'unknown (no answer to query-status)';
  while (Date.now() < deadline) {
    // a loaded machine can hold one answer past a second: that is no reason to give the failover up
    const s = await q.execute<{ status: string }>('query-status', undefined, Math.max(500, deadline - Date.now())).catch(() => null);
    if (s) status = s.status;
    if (status === 'running') return status;
    await new Promise((r) => setTimeout(r, 50));
  }
  return status;
}
