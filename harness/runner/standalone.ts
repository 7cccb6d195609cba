// A pair of any target outside the case runner (tests, bench, fixture recording, design costs):
// behind a real fault network (embedded proxy) built the way the runner builds it (createTopology),
// or on direct links where the fault network would only add noise (a target's own tests, its
// throughput); every event collected; always torn down by close().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultNetwork, type FaultNetwork } from '../../faults/network/index.ts';
import type { Topology } from './topology.ts';
import { canStartAgain, START_ATTEMPTS, startOnFreshPorts } from './start.ts';
import { directLinks } from './direct-links.ts';
import type { LinkProxy, StartedPair, TargetContext, TargetDriver, TargetEvent } from '../../core/model/target.ts';

export interface StandalonePair<P extends StartedPair = StartedPair> {
  pair: P;
  /** Every event of the pair, in order (the failed start attempts' dropped). */
  events: TargetEvent[];
  /** The fault network's proxies; null on direct links. */
  topology: Topology | null;
  /** Resolves with the first event from index `from` matching `pred` (already seen or future), or rejects after ms. */
  waitEvent(pred: (e: TargetEvent) => boolean, ms: number, what: string, from?: number): Promise<TargetEvent>;
  close(): Promise<void>;
}

export interface StandaloneOptions {
  /** No fault network: each link is the replica's own listener. */
  direct?: boolean;
  seed?: number;
  bug?: string;
  failover?: 'auto' | 'manual';
  /** Start bound, ms (default 60 s: QEMU boots slowly under load). */
  startTimeoutMs?: number;
}

/** `driver`'s pair started with `options`; a port taken before the pair bound it -> fresh ports, as the runner does. */
export async function startStandalonePair<P extends StartedPair = StartedPair>(
  driver: TargetDriver, options: Record<string, string | number | boolean>, o: StandaloneOptions = {},
): Promise<StandalonePair<P>> {
  const events: TargetEvent[] = [];
  const waiters = new Set<() => void>();
  const dir = await mkdtemp(join(tmpdir(), `colo-chaos-${driver.name.replace(/\W/g, '')}-`));
  let network: FaultNetwork | null = null;
  let topology: Topology | null = null;
  // each step runs whatever the one before it did
  const close = async (): Promise<void> => {
    try {
      await topology?.remove();
    } finally {
      try {
        await network?.stop();
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
  };
  const emit = (e: TargetEvent): void => { events.push(e); for (const w of [...waiters]) w(); };
  const start = (proxies: ReadonlyMap<string, LinkProxy>): Promise<P> => {
    events.length = 0;
    const context: TargetContext = {
      caseDir: dir, seed: o.seed ?? 1, failover: o.failover ?? 'auto', options, emit, startTimeoutMs: o.startTimeoutMs ?? 60_000, tmpDir: dir,
      ...(o.bug ? { bug: o.bug } : {}),
    };
    return driver.start(context, proxies) as Promise<P>;
  };
  try {
    let pair: P;
    if (o.direct) {
      pair = await startDirect(driver, options, start);
    } else {
      network = await startFaultNetwork({ backend: 'embedded' });
      const started = await startOnFreshPorts(driver, network.client, `${driver.name}-${process.pid}`, start, undefined, options);
      topology = started.topology;
      pair = started.pair;
    }
    return {
      pair, events, topology,
      waitEvent: (pred, ms, what, from = 0) => new Promise((resolve, reject) => {
        const check = (): void => {
          const seen = events.slice(from).find(pred);
          if (!seen) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(seen);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${what} within ${ms} ms; last events: ${JSON.stringify(events.slice(-5))}`));
        }, ms);
        waiters.add(check);
        check();
      }),
      close: async () => {
        try {
          await pair.stop();
        } finally {
          await close();
        }
      },
    };
  } catch (e) {
    await close();
    throw e;
  }
}

/** On direct links: a port taken between picking and binding is tried again on fresh ones. */
async function startDirect<P>(driver: TargetDriver, options: Record<string, string | number | boolean>, start: (links: ReadonlyMap<string, LinkProxy>) => Promise<P>): Promise<P> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(await directLinks(driver, options));
    } catch (e) {
      if (attempt >= START_ATTEMPTS || !canStartAgain(e)) throw e;
    }
  }
}
