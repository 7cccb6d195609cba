// A pair of any target outside the case runner (tests, bench, fixture recording): behind a real
// fault network (embedded proxy) built the way the runner builds it (createTopology), every event
// collected; always torn down by close().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultNetwork, type FaultNetwork } from '../../faults/network/index.ts';
import type { Topology } from './topology.ts';
import { startOnFreshPorts } from './start.ts';
import type { StartedPair, TargetDriver, TargetEvent } from '../../core/model/target.ts';

export interface StandalonePair<P extends StartedPair = StartedPair> {
  pair: P;
  events: TargetEvent[];
  topology: Topology;
  /** Resolves with the first event matching `pred` (already seen or future), or rejects after ms. */
  waitEvent(pred: (e: TargetEvent) => boolean, ms: number, what: string): Promise<TargetEvent>;
  close(): Promise<void>;
}

/** `driver`'s pair started with `options` (a start bound of 60 s: QEMU boots slowly under load). */
export async function startStandalonePair<P extends StartedPair = StartedPair>(
  driver: TargetDriver, options: Record<string, string | number | boolean>,
): Promise<StandalonePair<P>> {
  const events: TargetEvent[] = [];
  const waiters = new Set<(e: TargetEvent) => void>();
  const dir = await mkdtemp(join(tmpdir(), 'colo-chaos-qemu-'));
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
  try {
    const net = await startFaultNetwork({ backend: 'embedded' });
    network = net;
    const emit = (e: TargetEvent): void => { events.push(e); for (const w of [...waiters]) w(e); };
    // as the case runner does: a port taken before the pair bound it -> fresh ports
    const prefix = `${driver.name}-${process.pid}`;
    const { pair, topology: topo } = await startOnFreshPorts(driver, net.client, prefix, (proxies) => {
      events.length = 0;
      const context = { caseDir: dir, seed: 1, failover: 'auto' as const, options, emit, startTimeoutMs: 60_000, tmpDir: dir };
      return driver.start(context, proxies) as Promise<P>;
    });
    topology = topo;
    return {
      pair, events, topology: topo,
      waitEvent: (pred, ms, what) => new Promise((resolve, reject) => {
        const seen = events.find(pred);
        if (seen) return resolve(seen);
        const timer = setTimeout(() => { waiters.delete(w); reject(new Error(`no ${what} within ${ms} ms`)); }, ms);
        const w = (e: TargetEvent): void => { if (pred(e)) { clearTimeout(timer); waiters.delete(w); resolve(e); } };
        waiters.add(w);
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
