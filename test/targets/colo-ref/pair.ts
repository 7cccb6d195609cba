// Test helper: a colo-ref pair on direct links, with its events recorded.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { coloRefDriver } from '../../../targets/colo-ref/driver.ts';
import { directLinks } from '../../../targets/colo-ref/driver/direct.ts';
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
  const dir = mkdtempSync(path.join(os.tmpdir(), 'colo-ref-test-'));
  const events: TargetEvent[] = [];
  const listeners = new Set<() => void>();
  const start = async () => coloRefDriver.start(
    {
      caseDir: dir,
      seed: opts.seed ?? 7,
      ...(opts.bug ? { bug: opts.bug } : {}),
      failover: opts.failover ?? 'auto',
      options: { pages: 256, checkpointDelay: 200, ...opts.options },
      emit: (e) => {
        events.push(e);
        for (const l of listeners) l();
      },
      startTimeoutMs: 20_000,
    },
    await directLinks(opts.options),
  );
  // Ports are picked before the replicas bind them; another process may take one in between.
  let pair: StartedPair | undefined;
  for (let attempt = 1; !pair; attempt++) {
    try {
      pair = await start();
    } catch (e) {
      if (attempt >= 3 || !/EADDRINUSE/.test((e as Error).message)) throw e;
      events.length = 0;
    }
  }
  const clients: GuestClient[] = [];
  const started = pair;
  return {
    pair: started,
    events,
    waitFor(what, f, ms = 15_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const e = events.slice(from).find(f);
          if (!e) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(e);
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no ${what} within ${ms} ms; last events: ${JSON.stringify(events.slice(-5))}`));
        }, ms);
        listeners.add(check);
        check();
      });
    },
    async client(role) {
      const a = started.clientAddress(role);
      const c = await GuestClient.connect(a.host, a.port, 5000);
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) c.close();
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
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
