// The `state` reply (TARGET-PROTOCOL §2) and the small hidden bench command, shared by both roles.
import type { Control } from './control.ts';
import type { Machine } from './guest/machine.ts';

export function serveState(control: Control, m: Machine, view: () => { mode: string; lastApplied: number }): void {
  control.handlers.set('state', () => ({
    role: control.role,
    ...view(),
    digest: m.digest(),
    lastSeq: m.lastSeq,
    outputs: m.journal(),
    invariants: m.invariants(),
  }));
  // Bench aid: dirty a fraction of the guest's pages before the next checkpoint.
  control.handlers.set('bench-dirty', (msg) => ({ pages: m.dirtyFraction(Number(msg.fraction)) }));
}
