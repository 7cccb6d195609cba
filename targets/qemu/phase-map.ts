// Maps what real QEMU shows into the harness's phase vocabulary (docs/PHASES.md):
//   the checkpoint stream as each side of the fault proxy sees it (colo-stream.ts),
//   QMP STOP/RESUME (P3, P12, S1 and the pause times), and the colo_flush_ram_cache_* trace
//   lines (S7a, S7b). P5 and P10 have no wire or QMP signal: they are reported together with
//   the event that immediately follows (P6) or precedes (P9) them in colo_do_checkpoint_transaction.
import type { Phase, Role } from '../../core/model/phases.ts';
import type { TargetEvent } from '../../core/model/target.ts';
import type { StreamEvent } from './colo-stream.ts';

/** How long after P12/S8 the idle phase is reported. */
const IDLE_MS = 100;

interface Pending {
  n: number;
  digest: string;
  bytes: number;
  dirtyPages: number;
}

export class PhaseTracker {
  /** The last phase each role reached, with host time (ms). */
  readonly last: Record<Role, { phase: Phase; checkpoint: number; t: number } | null> = { primary: null, secondary: null };
  /** Checkpoints the secondary held whole (sent VMSTATE_RECEIVED for). */
  wholeOnSecondary = 0;
  /** Digest of each checkpoint as the secondary received it (0 = the initial sync). */
  readonly secondaryDigests = new Map<number, string>();
  /** Per checkpoint: pause of each side (STOP -> RESUME), ms; bytes on the link. */
  readonly stats = new Map<number, { primaryMs?: number; secondaryMs?: number; bytes?: number; requestAt?: number }>();
  /** Host ms of the migrate command and of CHECKPOINT_READY (COLO running). */
  migrateAt: number | null = null;
  coloAt: number | null = null;
  private stopAt: Record<Role, number | null> = { primary: null, secondary: null };
  private pending: Pending | null = null;
  private requestOffset = 0;
  private pCheckpoint = 0;
  private sCheckpoint = 0;
  private flushSeen = new Set<string>();
  private ramPages = 0;
  private sDevice: { digest: string; bytes: number } | null = null;
  failingOver = false;
  private releasePending = -1;
  private timers = new Set<NodeJS.Timeout>();

  constructor(private readonly emit: (e: TargetEvent) => void) {}

  private emitted = new Set<string>();

  private phase(role: Role, phase: Phase, checkpoint: number, bytes?: number, at?: number): void {
    this.emitted.add(`${phase}:${checkpoint}`);
    this.last[role] = { phase, checkpoint, t: Date.now() };
    this.emit({ type: 'phase', role, phase, checkpoint, ...(bytes !== undefined ? { bytes } : {}), ...(at !== undefined ? { at } : {}) });
  }

  private stat(n: number): { primaryMs?: number; secondaryMs?: number; bytes?: number; requestAt?: number } {
    let s = this.stats.get(n);
    if (!s) this.stats.set(n, (s = {}));
    return s;
  }

  primaryStream(e: StreamEvent): void {
    switch (e.kind) {
      case 'ready':
        this.coloAt = Date.now();
        this.emit({ type: 'checkpoint', role: 'primary', n: 0, digest: e.syncDigest, bytes: e.syncBytes });
        return this.phase('primary', 'P0', 0);
      case 'request':
        this.pCheckpoint = e.checkpoint;
        this.requestOffset = e.offset - 4;
        this.stat(e.checkpoint).requestAt = Date.now();
        return this.phase('primary', 'P1', e.checkpoint);
      case 'reply': return this.phase('primary', 'P2', e.checkpoint);
      case 'vmstate-send':
        // QMP's STOP can arrive after the stream shows the next step: the VM stopped before it
        this.ensure('primary', 'P3', e.checkpoint);
        return this.phase('primary', 'P4', e.checkpoint);
      case 'ram-start':
        this.phase('primary', 'P5', e.checkpoint);
        return this.phase('primary', 'P6', e.checkpoint, e.offset - this.requestOffset);
      case 'ram-end': this.ramPages = e.pages; return;
      case 'size': return this.phase('primary', 'P7', e.checkpoint, e.offset - this.requestOffset);
      case 'device-done':
        this.pending = { n: e.checkpoint, digest: e.digest, bytes: e.offset - this.requestOffset, dirtyPages: this.ramPages };
        this.stat(e.checkpoint).bytes = this.pending.bytes;
        return this.phase('primary', 'P8', e.checkpoint, this.pending.bytes);
      case 'received':
        this.releasePending = e.checkpoint;
        return this.phase('primary', 'P9', e.checkpoint);
      case 'loaded':
        // compare's release (P10) has no signal of its own: it lies between RECEIVED and LOADED
        if (this.releasePending === e.checkpoint) this.phase('primary', 'P10', e.checkpoint);
        this.releasePending = -1;
        return this.phase('primary', 'P11', e.checkpoint);
      case 'error': return this.emit({ type: 'error', role: 'primary', message: `checkpoint stream decoder (primary side): ${e.message}` });
    }
  }

  secondaryStream(e: StreamEvent): void {
    switch (e.kind) {
      case 'ready':
        this.secondaryDigests.set(0, e.syncDigest);
        this.emit({ type: 'checkpoint', role: 'secondary', n: 0, digest: e.syncDigest, bytes: e.syncBytes });
        return this.phase('secondary', 'S0', 0);
      case 'request': this.sCheckpoint = e.checkpoint; return;
      case 'reply':
        this.ensure('secondary', 'S1', e.checkpoint);
        return this.phase('secondary', 'S2', e.checkpoint);
      case 'ram-start': return this.phase('secondary', 'S3', e.checkpoint, 0);
      case 'size': return this.phase('secondary', 'S5', e.checkpoint);
      case 'device-done': this.sDevice = { digest: e.digest, bytes: e.bytes }; return;
      case 'received':
        this.wholeOnSecondary = e.checkpoint;
        if (this.sDevice) this.secondaryDigests.set(e.checkpoint, this.sDevice.digest);
        return this.phase('secondary', 'S6', e.checkpoint);
      case 'loaded': {
        for (const p of ['S7a', 'S7b'] as const) if (!this.flushSeen.has(`${p}:${e.checkpoint}`)) this.phase('secondary', p, e.checkpoint);
        this.flushSeen.add(`S8:${e.checkpoint}`); // a trace line arriving later is not a new phase
        this.phase('secondary', 'S8', e.checkpoint);
        const s = this.stat(e.checkpoint);
        this.emit({ type: 'checkpoint', role: 'secondary', n: e.checkpoint, digest: this.secondaryDigests.get(e.checkpoint) ?? '', ...(s.secondaryMs !== undefined ? { downtimeMs: s.secondaryMs } : {}) });
        return this.idleSoon('secondary', 'S8', 'S0', e.checkpoint);
      }
      case 'error': return this.emit({ type: 'error', role: 'secondary', message: `checkpoint stream decoder (secondary side): ${e.message}` });
      default: return;
    }
  }

  /** QMP STOP / RESUME of a role, while in COLO (`at`: QEMU's own timestamp of the event, epoch ms). */
  runState(role: Role, event: 'STOP' | 'RESUME', t: number, at?: number): void {
    if (this.coloAt === null || this.failingOver) return;
    const n = role === 'primary' ? this.pCheckpoint : this.sCheckpoint;
    if (event === 'STOP') {
      this.stopAt[role] = t;
      return this.ensure(role, role === 'primary' ? 'P3' : 'S1', n);
    }
    const from = this.stopAt[role];
    this.stopAt[role] = null;
    if (from !== null) this.stat(n)[role === 'primary' ? 'primaryMs' : 'secondaryMs'] = t - from;
    if (role === 'primary') {
      this.phase('primary', 'P12', n, undefined, at);
      this.flushPending();
      this.idleSoon('primary', 'P12', 'P0', n);
    }
  }

  /** Report a phase once per checkpoint (from QMP or inferred from the next stream step). */
  private ensure(role: Role, phase: Phase, checkpoint: number): void {
    if (!this.emitted.has(`${phase}:${checkpoint}`)) this.phase(role, phase, checkpoint);
  }

  /** A trace line from the secondary's stderr. */
  trace(role: Role, line: string): void {
    if (role !== 'secondary' || this.failingOver) return;
    const m = /colo_flush_ram_cache_(begin|end)/.exec(line);
    if (!m) return;
    const p: Phase = m[1] === 'begin' ? 'S7a' : 'S7b';
    if (this.flushSeen.has(`S8:${this.sCheckpoint}`)) return;
    this.flushSeen.add(`${p}:${this.sCheckpoint}`);
    this.phase('secondary', p, this.sCheckpoint);
  }

  /**
   * Idle (P0/S0) follows P12/S8 at once; reported IDLE_MS later (still idle then) so a fault aimed
   * at P12/S8 lands before it. Skipped if the role moved on or the tracker was closed.
   */
  private idleSoon(role: Role, after: Phase, idle: Phase, n: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      const l = this.last[role];
      if (l && l.phase === after && l.checkpoint === n && !this.failingOver) this.phase(role, idle, n);
    }, IDLE_MS);
    this.timers.add(t);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Report the primary's last fully sent checkpoint (normally done at P12). */
  flushPending(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    const ms = this.stats.get(p.n)?.primaryMs;
    this.emit({ type: 'checkpoint', role: 'primary', n: p.n, digest: p.digest, bytes: p.bytes, dirtyPages: p.dirtyPages, ...(ms !== undefined ? { downtimeMs: ms } : {}) });
  }

  /** Where a role is inside a checkpoint (for stall reports). */
  where(role: Role): string {
    const l = this.last[role];
    return l ? `${l.phase} of checkpoint ${l.checkpoint}, ${Date.now() - l.t} ms ago` : 'no phase yet';
  }
}
