// Breakpoints for real QEMU: QEMU cannot be paused inside its COLO thread, but the checkpoint link
// can: at a stream phase the tap on that side stops the stream right after the message (or after
// `bytes` of the RAM stream / device blob) and holds the other direction too, so nothing after the
// phase crosses either way until continue(). P3 is held at P2 until QMP's STOP. Phases with no
// link position (P0, P12, S0, S1, S7a, S7b) report `paused` on their event (idle: on the event that
// begins it, see AT) without holding anything: the fault lands on the event, as without breakpoints.
import { phaseOwner, type Phase, type Role } from '../../harness/model/phases.ts';
import type { TargetEvent } from '../../harness/model/target.ts';
import type { ColoStreamDecoder } from './colo-stream.ts';
import type { Tap, TapDirection } from './tap.ts';

/**
 * Phases taken at the event before them, reported as themselves: P5 and P10 have no event of their
 * own at their link position; idle (P0/S0) begins at the RESUME/LOADED that ends the checkpoint
 * (P12/S8), while its own event comes IDLE_MS later and never when the next checkpoint follows at
 * once (colo-compare's mismatch checkpoints under load), so a P0 breakpoint would be missed.
 */
const AT: Partial<Record<Phase, Phase>> = { P5: 'P4', P10: 'P9', P0: 'P12', S0: 'S8' };

/** Default stop inside a RAM stream when the case gives no byte offset. */
export const DEFAULT_RAM_BYTES = 64 * 1024;

type Hold = 'stop' | 'hold-fwd' | 'ram' | 'blob' | 'none';

/** Where each phase holds, on the tap of its owner's side. */
const HOLDS: Record<Phase, Hold> = {
  P0: 'none', P1: 'stop', P2: 'hold-fwd', P3: 'none', P4: 'stop', P5: 'stop', P6: 'ram', P7: 'stop',
  P8: 'blob', P9: 'stop', P10: 'stop', P11: 'stop', P12: 'none',
  S0: 'none', S1: 'none', S2: 'stop', S3: 'ram', S5: 'blob', S6: 'stop', S7a: 'none', S7b: 'none', S8: 'stop',
  P0b: 'none', S0b: 'none', // colo-ref's cache=bounded only: QEMU has no such phase
};

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

  constructor(private readonly sides: Record<Role, Side>, private readonly emit: (e: TargetEvent) => void) {}

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
    const a = this.take(e.phase, e.checkpoint);
    if (!a) return;
    const side = this.sides[phaseOwner(a.phase)];
    const hold = HOLDS[a.phase];
    if (hold === 'ram') side.decoder.stopInRam(a.bytes ?? DEFAULT_RAM_BYTES, () => this.freeze(side, a));
    else if (hold === 'stop') { side.decoder.requestStop(); this.freeze(side, a); }
    else if (hold === 'hold-fwd') { side.tap()?.hold('fwd'); this.pause(a); }
    else this.pause(a);
  }

  /** The stream direction stops at the decoder; hold the other one too, so no answer overtakes. */
  private freeze(side: Side, a: Armed): void {
    const tap = side.tap();
    const fromBack: readonly Phase[] = ['P9', 'P10', 'P11', 'S2', 'S6', 'S8'];
    tap?.hold(fromBack.includes(a.phase) ? 'fwd' : 'back');
    this.pause(a);
  }

  /** Release every held direction. */
  continue(): void {
    this.paused = false;
    for (const side of Object.values(this.sides)) for (const d of ['fwd', 'back'] as TapDirection[]) side.tap()?.release(d);
  }

  clear(): void {
    this.armed = [];
    this.continue();
  }

  private take(phase: Phase, checkpoint: number, only?: Hold): Armed | undefined {
    // or on its own event (checkpoint 0's idle has no P12/S8 before it; a P5 armed while paused at P4)
    const i = this.armed.findIndex((a) => (a.phase === phase || AT[a.phase] === phase) && a.checkpoint === checkpoint && (only === undefined ? HOLDS[a.phase] !== 'blob' : HOLDS[a.phase] === only));
    return i < 0 ? undefined : this.armed.splice(i, 1)[0];
  }

  private pause(a: Armed): void {
    this.paused = true;
    this.emit({ type: 'paused', role: phaseOwner(a.phase), phase: a.phase, checkpoint: a.checkpoint });
  }
}
