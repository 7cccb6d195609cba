// Test helper: a colo-ref pair on direct links (the shared standalone helper), with its events recorded.
import { coloRefDriver } from '../../../targets/colo-ref/driver.ts';
import { startStandalonePair } from '../../../harness/runner/standalone.ts';
import { GuestClient } from '../../../core/guest-client.ts';
import type { StartedPair, TargetEvent } from '../../../core/model/target.ts';
import type { Role } from '../../../core/model/phases.ts';

export interface TestPair {
  pair: StartedPair;
  events: TargetEvent[];
  /** Resolves with the first event (from now or already seen after `from`) matching f. */
  waitFor<T extends TargetEvent>(what: string, f: (e: TargetEvent) => e is T, ms?: number, from?: number): Promise<T>;
  client(role: Role): Promise<GuestClient>;
  stop(): Promise<void>;
}

export async function startPair(opts: { options?: Record<string, string | number | boolean>; bug?: string; failover?: 'auto' | 'manual'; seed?: number } = {}): Promise<TestPair> {
  const s = await startStandalonePair(coloRefDriver, { pages: 256, checkpointDelay: 200, ...opts.options }, {
    direct: true, seed: opts.seed ?? 7, failover: opts.failover ?? 'auto', startTimeoutMs: 20_000, ...(opts.bug ? { bug: opts.bug } : {}),
  });
  const clients: GuestClient[] = [];
  return {
    pair: s.pair,
    events: s.events,
    waitFor: <T extends TargetEvent>(what: string, f: (e: TargetEvent) => e is T, ms = 15_000, from = 0) => s.waitEvent(f, ms, what, from) as Promise<T>,
    async client(role) {
      const a = s.pair.clientAddress(role);
      const c = await GuestClient.connect(a.host, a.port, 5000);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await s.close();
    },
  };
}

/** SIGKILL a replica's process group (as the harness's crash fault does). */
export function crash(p: TestPair, role: Role): void {
  const pid = p.pair.pid(role);
  if (pid) process.kill(-pid, 'SIGKILL');
}

/** Short heartbeat timings so failover tests finish quickly. */
export const FAST_HB = { heartbeatInterval: 50, lease: 300, heartbeatTimeout: 700, stallTimeout: 1500 };

export const is =
  <K extends TargetEvent['type']>(type: K, f: (e: Extract<TargetEvent, { type: K }>) => boolean = () => true) =>
  (e: TargetEvent): e is Extract<TargetEvent, { type: K }> =>
    e.type === type && f(e as Extract<TargetEvent, { type: K }>);

/** Once the pair is quiet: the number of the primary's next checkpoint (its newest P0). */
export async function nextCheckpoint(p: TestPair, quietMs = 400): Promise<number> {
  for (let seen = -1; ; ) {
    await new Promise((r) => setTimeout(r, quietMs));
    if (p.events.length === seen) break;
    seen = p.events.length;
  }
  return p.events.filter(is('phase', (e) => e.role === 'primary' && e.phase === 'P0')).at(-1)!.checkpoint;
}
