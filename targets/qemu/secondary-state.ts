// The secondary's state while it is still the secondary (before any failover) and the primary lives,
// read over its probe serial port and compared with the primary's at a fresh checkpoint
// (guest-probe.ts). A difference that survives every fresh checkpoint is reported as a `guest` event
// (diverged) and as a broken invariant of the returned state. The probe has no output journal:
// `outputs` is empty, so this state is never the survivor's (the primary is).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplicaState } from '../../core/model/target.ts';
import { compareAtCheckpoint } from './guest-probe.ts';
import { lastHeld } from './guest-watch.ts';
import { kernelTrouble } from './replica.ts';
import type { GuestSide, PairParts } from './parts.ts';

/** A replica-state comparison needs a few checkpoints; never less than this, whatever the runner's bound. */
const MIN_COMPARE_MS = 15_000;
/** The checkpoint period while the replicas are compared: longer than any comparison. */
const HOLD_MS = 60_000;

export async function secondaryState(parts: PairParts, guest: GuestSide, checkpointNow: () => Promise<void>, timeoutMs: number): Promise<ReplicaState> {
  const t = parts.tracker;
  const violations = kernelTrouble(await parts.replicas.secondary.serial()).map((l) => `kernel: ${l.trim()}`);
  const base = { role: 'secondary' as const, mode: 'secondary' as const, outputs: [] as Array<[number, string]> };
  // without a live primary there is nothing to compare with, and the probe carries no output journal:
  // the secondary's state stays unknown until it has taken over (then it is read like the primary's)
  if (!parts.replicas.primary.alive) throw new Error('the secondary has not taken over and the primary is gone: nothing to compare its state with');
  const loaded = (): number => lastHeld(t.last.secondary);
  // the runner reads a failed state as "none": say here why the replicas were not compared
  // a checkpoint during a probe would reload the secondary's guest (and its half-read probe) with the
  // primary's: hold the periodic ones off while comparing (setting the delay starts one at once)
  const q = parts.qmp.primary;
  const hold = async (): Promise<void> => { await q?.execute('migrate-set-parameters', { 'x-checkpoint-delay': HOLD_MS }, 3000); };
  const c = await compareAtCheckpoint(guest.probes, { loaded, checkpointNow: hold }, Math.max(timeoutMs, MIN_COMPARE_MS)).catch((e: Error) => {
    parts.emit({ type: 'note', message: `the replicas' guest state was not compared: ${e.message}` });
    throw e;
  }).finally(() => checkpointNow().catch(() => undefined));
  // the comparison itself, next to the case's logs (what was compared, at which checkpoint)
  await writeFile(join(parts.dir, 'replica-compare.json'), JSON.stringify(c) + '\n').catch(() => undefined);
  if (!c.equal) {
    const first = c.firstDiffering ?? c.checkpoint;
    const still = c.checkpoint === first ? '' : ` and still after checkpoint ${c.checkpoint}`;
    const msg = `after loading checkpoint ${first}${still} (${c.attempts} fresh checkpoint(s) with no client requests) the secondary's guest holds another state than the primary's: lastSeq ${c.secondary.lastSeq} vs ${c.primary.lastSeq}, bank digest ${c.secondary.digest.slice(0, 12)} vs ${c.primary.digest.slice(0, 12)}`;
    guest.watch.diverged(msg, first);
    violations.push(msg);
  }
  return { ...base, digest: c.secondary.digest, lastSeq: c.secondary.lastSeq, lastApplied: c.checkpoint, invariants: { ok: !violations.length, violations } };
}
