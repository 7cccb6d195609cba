// The guests' state read over their second serial port (ttyS1, a unix socket per QEMU), not the network:
// the secondary has no client port before failover, and the probe bypasses colo-compare. The guest
// answers "state" with `PROBE <lastSeq> <sha256>` of its bank state (the `state` op's answer).
// compareAtCheckpoint: the secondary's post-load state vs the primary's at the same checkpoint.
import { connect } from 'node:net';
import type { Role } from '../../core/model/phases.ts';

export interface Probe {
  lastSeq: number;
  digest: string;
}

/** One probe of one guest; rejects (saying what it waited for) after timeoutMs. */
export function probeGuest(socket: string, role: Role, timeoutMs: number): Promise<Probe> {
  return new Promise((resolve, reject) => {
    const s = connect(socket);
    let buf = '';
    const done = (err: Error | null, p?: Probe): void => {
      clearTimeout(timer);
      s.destroy();
      if (err) reject(err);
      else resolve(p!);
    };
    const timer = setTimeout(() => done(new Error(`the ${role}'s guest did not answer the state probe on ttyS1 within ${timeoutMs} ms`)), timeoutMs);
    s.on('connect', () => s.write('state\n'));
    s.on('data', (d) => {
      buf += d.toString('latin1');
      const m = /PROBE (\d+) ([0-9a-f]{64})/.exec(buf);
      if (m) done(null, { lastSeq: Number(m[1]), digest: m[2]! });
    });
    s.on('error', (e) => done(new Error(`the ${role}'s state probe (${socket}): ${e.message}`)));
    s.on('close', () => done(new Error(`the ${role}'s state probe closed before an answer`)));
  });
}

export interface CheckpointSync {
  /** The last checkpoint the secondary has loaded (S8), or -1. */
  loaded(): number;
  /** Start a checkpoint now. */
  checkpointNow(): Promise<void>;
}

export interface Comparison {
  equal: boolean;
  /** The checkpoint of the last comparison. */
  checkpoint: number;
  /** The checkpoint of the first comparison that differed (when one did). */
  firstDiffering?: number;
  primary: Probe;
  secondary: Probe;
  attempts: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Force a checkpoint, wait until the secondary loaded it, then probe both guests; again (up to
 * `attempts`) while they differ: a request still in flight, or a transient difference that the next
 * checkpoint repairs. Call with the clients quiet. A difference that survives every fresh checkpoint
 * is a divergence. Bounded by timeoutMs in total.
 */
export async function compareAtCheckpoint(sockets: Record<Role, string>, sync: CheckpointSync, timeoutMs: number, attempts = 3): Promise<Comparison> {
  const deadline = Date.now() + timeoutMs;
  let last: Comparison | null = null;
  let firstDiffering: number | undefined;
  for (let i = 1; i <= attempts; i++) {
    const before = sync.loaded();
    await sync.checkpointNow();
    while (sync.loaded() <= before) {
      if (Date.now() > deadline) throw new Error(`no checkpoint after ${before} was loaded by the secondary within ${timeoutMs} ms (waited to compare the replicas' state)`);
      await sleep(20);
    }
    const checkpoint = sync.loaded();
    const left = (): number => Math.max(200, deadline - Date.now());
    const [primary, secondary] = await Promise.all([probeGuest(sockets.primary, 'primary', left()), probeGuest(sockets.secondary, 'secondary', left())]);
    const equal = primary.digest === secondary.digest && primary.lastSeq === secondary.lastSeq;
    firstDiffering ??= equal ? undefined : checkpoint;
    last = { equal, checkpoint, ...(firstDiffering === undefined ? {} : { firstDiffering }), primary, secondary, attempts: i };
    if (last.equal || Date.now() > deadline) return last;
  }
  return last!;
}
