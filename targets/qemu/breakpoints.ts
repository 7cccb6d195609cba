// Breakpoints for real QEMU: QEMU cannot be paused inside its COLO thread, but the checkpoint link
// can: at a stream phase the tap on that side stops the stream right after the message (or after
// `bytes` of the RAM stream / device blob) and holds the other direction too, so nothing after the
// phase crosses either way until continue(). P3 is held at P2 until QMP's STOP. At continue() a
// direction whose sender died at the breakpoint is cut there (what it sent after it never reaches
// the peer), one whose sender is hung stays held until it runs again.
// The secondary's load (S7) follows its RECEIVED with no link traffic: for P9 and P10 its load gate
// (load-gate.ts) is closed before the device blob reaches it, so it waits before loading and a fault
// there lands before its LOADED; without a gate, and for S7a/S7b, the secondary is stopped (SIGSTOP)
// as its RECEIVED passes its tap; S7a/S7b report where its trace says it really stopped. Phases with no link position
// (P0, P12, S0, S1) report `paused` on their event (idle: on the event that begins it, see AT)
// without holding anything: the fault lands on the event, as without breakpoints.
import { phaseOwner, type Phase, type Role } from '../../core/model/phases.ts';
import type { TargetEvent } from '../../core/model/target.ts';
import type { ColoStreamDecoder } from './colo-stream.ts';
import type { ProcState } from './proc-state.ts';
import type { Tap, TapDirection } from './tap.ts';

/**
 * Phases taken at the event before them, reported as themselves: P5 and P10 have no event of their
 * own at their link position; idle (P0/S0) begins at the RESUME/LOADED that ends the checkpoint
 * (P12/S8), while its own event comes IDLE_MS later and never when the next checkpoint follows at
 * once (colo-compare's mismatch checkpoints under load), so a P0 breakpoint would be missed.
 */
const AT: Partial<Record<Phase, Phase>> = { P5: 'P4', P10: 'P9', P0: 'P12', S0: 'S8', S7a: 'S6', S7b: 'S6' };

/** Default stop inside a RAM stream when the case gives no byte offset. */
export const DEFAULT_RAM_BYTES = 64 * 1024;

type Hold = 'stop' | 'hold-fwd' | 'ram' | 'blob' | 'load' | 'none';

/** Where each phase holds, on the tap of its owner's side ('load': S6's hold + the secondary stopped). */
const HOLDS: Record<Phase, Hold> = {
  P0: 'none', P1: 'stop', P2: 'hold-fwd', P3: 'none', P4: 'stop', P5: 'stop', P6: 'ram', P7: 'stop',
  P8: 'blob', P9: 'stop', P10: 'stop', P11: 'stop', P12: 'none',
  S0: 'none', S1: 'none', S2: 'stop', S3: 'ram', S5: 'blob', S6: 'stop', S7a: 'load', S7b: 'load', S8: 'stop',
  P0b: 'none', S0b: 'none', // colo-ref's cache=bounded only: QEMU has no such phase
};

/** Phases at which the secondary is stopped at its S6, before it can send LOADED. */
const STOP_SECONDARY_AT_S6: readonly Phase[] = ['P9', 'P10', 'S7a', 'S7b'];
/** ... by its load gate where it has one (exact: it waits before its load); S7a/S7b need it inside. */
const GATED: readonly Phase[] = ['P9', 'P10'];

/** The secondary's load gate (load-gate.ts). */
export interface Gate {
  close(): Promise<boolean>;
  open(): void;
}

/** How long a stopped secondary's trace lines take to arrive (they were written before it stopped). */
export const TRACE_DRAIN_MS = 40;
/** Step a stopped secondary towards S7b at most this often (SIGCONT, a moment, SIGSTOP). */
const LOAD_STEPS = 8;

/** A replica's process, as the breakpoints see it. */
export interface Proc {
  /** dead: ended at (or since) the breakpoint; stopped: hung by a fault. */
  state(): ProcState;
  stop(): void;
  cont(): void;
}

const RUNNING: Proc = { state: () => 'running', stop: () => undefined, cont: () => undefined };

interface Armed {
  phase: Phase;
  checkpoint: number;
  bytes?: number;
}

export interface Side {
  decoder: ColoStreamDecoder;
  tap: () => Tap | undefined;
  /** The size of the device blob being sent (after VMSTATE_SIZE). */
  blobSize: () => number;
}

export class Breakpoints {
  private armed: Armed[] = [];
  paused = false;
  /** The secondary was stopped by a breakpoint (not by a fault). */
  private stoppedSecondary = false;
  private waiting = new Set<NodeJS.Timeout>();
  /** The secondary's load is held at its gate (load-gate.ts), or being closed. */
  private gated = false;
  private gating: Promise<void> | null = null;
  /** The stopped secondary's last phase (from its trace), for S7a/S7b. */
  secondaryPhase: () => Phase | undefined = () => undefined;

  constructor(
    private readonly sides: Record<Role, Side>, private readonly emit: (e: TargetEvent) => void,
    private readonly procs: Record<Role, Proc> = { primary: RUNNING, secondary: RUNNING },
    private readonly gate?: Gate,
  ) {}

  arm(phase: Phase, checkpoint: number, bytes?: number): void {
    this.armed.push({ phase, checkpoint, ...(bytes !== undefined ? { bytes } : {}) });
  }

  /** Call for every event the tracker emits, synchronously (a stop must land in the same chunk). */
  onEvent(e: TargetEvent): void {
    if (e.type !== 'phase') return;
    // P8 / S5: the blob stop is set when the blob starts (P7 / S5), before any of it passes
    const blobOf: Partial<Record<Phase, Phase>> = { P7: 'P8', S5: 'S5' };
    const blobPhase = blobOf[e.phase];
    const blob = blobPhase ? this.take(blobPhase, e.checkpoint, 'blob') : undefined;
    if (blob) {
      const side = this.sides[phaseOwner(blob.phase)];
      const size = side.blobSize();
      side.decoder.stopInBlob(Math.max(1, Math.min(size - 1, blob.bytes ?? Math.floor(size / 2))), () => this.freeze(side, blob));
    }
    // P3 (QMP STOP) has no message of its own: freeze what the primary sends after REPLY, then
    // pause when STOP arrives, so VMSTATE_SEND (P4) cannot overtake it
    if (e.phase === 'P2' && this.armed.some((a) => a.phase === 'P3' && a.checkpoint === e.checkpoint)) this.sides.primary.tap()?.hold('fwd');
    // P9/P10: before the device blob reaches the secondary, close its load gate (its main loop
    // holds the BQL, so after RECEIVED its COLO thread waits before loading); the blob goes on then
    if (e.phase === 'S5' && this.gate && this.armed.some((a) => GATED.includes(a.phase) && a.checkpoint === e.checkpoint)) {
      const gate = this.gate;
      this.sides.secondary.decoder.requestStop();
      this.gating = gate.close().then((ok) => { this.gated = ok; this.gating = null; this.sides.secondary.tap()?.release('fwd'); });
    }
    // the secondary's RECEIVED is leaving it: stop it before it loads (and sends LOADED), unless gated
    if (e.phase === 'S6' && !this.gated && this.armed.some((a) => STOP_SECONDARY_AT_S6.includes(a.phase) && a.checkpoint === e.checkpoint)) {
      this.procs.secondary.stop();
      this.stoppedSecondary = true;
    }
    const a = this.take(e.phase, e.checkpoint);
    if (!a) return;
    const side = this.sides[phaseOwner(a.phase)];
    const hold = HOLDS[a.phase];
    if (hold === 'ram') side.decoder.stopInRam(a.bytes ?? DEFAULT_RAM_BYTES, () => this.freeze(side, a));
    else if (hold === 'stop') { side.decoder.requestStop(); this.freeze(side, a); }
    else if (hold === 'load') { side.decoder.requestStop(); this.freezeLoad(side, a); }
    else if (hold === 'hold-fwd') { side.tap()?.hold('fwd'); this.pause(a); }
    else this.pause(a);
  }

  /**
   * S7a/S7b: the secondary is stopped just after its RECEIVED; its trace lines (written before it
   * stopped) say where. Short of S7b it is let on a moment at a time; where it really stopped is
   * reported on the pause, with why the named phase was missed.
   */
  private freezeLoad(side: Side, a: Armed): void {
    side.tap()?.hold('fwd');
    const order: Phase[] = ['S6', 'S7a', 'S7b'];
    const want = order.indexOf(a.phase);
    let steps = 0;
    const check = (): void => {
      const at = this.secondaryPhase() ?? 'S6';
      // LOADED already left it (held at the tap): it is past its load
      const loaded = (side.tap()?.heldBytes('back') ?? 0) > 0;
      const now = loaded ? 'S8' : at;
      if (!loaded && order.indexOf(at) < want && steps++ < LOAD_STEPS) {
        this.procs.secondary.cont();
        return void this.later(() => { this.procs.secondary.stop(); this.later(check, TRACE_DRAIN_MS); }, 0);
      }
      if (now === a.phase) return this.pause(a);
      const where = now === 'S8' ? 'past its load (it had sent VMSTATE_LOADED)' : now === 'S6' ? 'before colo_flush_ram_cache began (S6)' : now === 'S7a' ? 'inside colo_flush_ram_cache (S7a)' : 'after colo_flush_ram_cache, loading devices (S7b)';
      this.pause(a, now, `${a.phase} has no link position and lasts about a millisecond: the secondary was stopped (SIGSTOP) as its VMSTATE_RECEIVED passed the tap${steps ? ` and let on ${steps} times` : ''}; its trace shows it stopped ${where}`);
    };
    this.later(check, TRACE_DRAIN_MS);
  }

  private later(fn: () => void, ms: number): void {
    const t = setTimeout(() => { this.waiting.delete(t); fn(); }, ms);
    this.waiting.add(t);
  }

  /** The stream direction stops at the decoder; hold the other one too, so no answer overtakes. */
  private freeze(side: Side, a: Armed): void {
    const tap = side.tap();
    const fromBack: readonly Phase[] = ['P9', 'P10', 'P11', 'S2', 'S6', 'S8'];
    tap?.hold(fromBack.includes(a.phase) ? 'fwd' : 'back');
    this.pause(a);
  }

  /**
   * Let the pair go on from the breakpoint: the secondary stopped by it runs again (unless a fault
   * hung it meanwhile); each held direction is released, cut if its sender died at the breakpoint,
   * or kept while its sender is hung (released or cut when that changes).
   */
  continue(): void {
    this.paused = false;
    this.openGate();
    if (this.stoppedSecondary) {
      this.stoppedSecondary = false;
      if (this.procs.secondary.state() !== 'stopped') this.procs.secondary.cont();
    }
    for (const side of Object.values(this.sides)) for (const d of ['fwd', 'back'] as TapDirection[]) this.resolve(side, d);
  }

  private openGate(): void {
    if (this.gating) void this.gating.then(() => this.openGate());
    if (!this.gated) return;
    this.gated = false;
    this.gate?.open();
  }

  /** A direction's sender: the primary sends forward, the secondary back, on both taps. */
  private resolve(side: Side, dir: TapDirection): void {
    const tap = side.tap();
    if (!tap?.held(dir)) return;
    const sender: Role = dir === 'fwd' ? 'primary' : 'secondary';
    const state = this.procs[sender].state();
    if (state === 'running') return tap.release(dir);
    if (state === 'dead') {
      const n = tap.cut(dir);
      return this.emit({ type: 'note', message: `checkpoint link cut at the breakpoint: the ${sender} ended there (${n} bytes it sent after it dropped)` });
    }
    this.later(() => this.resolve(side, dir), 20);
  }

  /** Release everything (the pair is being stopped). */
  clear(): void {
    this.armed = [];
    this.openGate();
    for (const t of this.waiting) clearTimeout(t);
    this.waiting.clear();
    this.paused = false;
    if (this.stoppedSecondary) { this.stoppedSecondary = false; this.procs.secondary.cont(); }
    for (const side of Object.values(this.sides)) for (const d of ['fwd', 'back'] as TapDirection[]) side.tap()?.release(d);
  }

  private take(phase: Phase, checkpoint: number, only?: Hold): Armed | undefined {
    // or on its own event (checkpoint 0's idle has no P12/S8 before it; a P5 armed while paused at P4)
    // (S7a/S7b only at S6: their own events come from trace lines, late)
    const i = this.armed.findIndex((a) => ((a.phase === phase && HOLDS[a.phase] !== 'load') || AT[a.phase] === phase) && a.checkpoint === checkpoint && (only === undefined ? HOLDS[a.phase] !== 'blob' : HOLDS[a.phase] === only));
    return i < 0 ? undefined : this.armed.splice(i, 1)[0];
  }

  private pause(a: Armed, stoppedAt?: Phase, unpinnable?: string): void {
    this.paused = true;
    this.emit({ type: 'paused', role: phaseOwner(a.phase), phase: a.phase, checkpoint: a.checkpoint, ...(stoppedAt ? { stoppedAt } : {}), ...(unpinnable ? { unpinnable } : {}) });
  }
}
