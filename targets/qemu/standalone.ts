// A QEMU pair outside the case runner (tests, bench, fixture recording): behind a real fault
// network (embedded proxy) built the way the runner builds it (createTopology), every event
// collected; always torn down by close().
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFaultNetwork, type FaultNetwork } from '../../faults/network/index.ts';
import type { Topology } from '../../harness/runner/topology.ts';
import { startOnFreshPorts } from '../../harness/runner/start.ts';
import type { TargetEvent } from '../../harness/model/target.ts';
import { driver } from './driver.ts';
import type { QemuPair } from './pair.ts';

export interface StandalonePair {
  pair: QemuPair;
  events: TargetEvent[];
  topology: Topology;
  /** Resolves with the first event matching `pred` (already seen or future), or rejects after ms. */
  waitEvent(pred: (e: TargetEvent) => boolean, ms: number, what: string): Promise<TargetEvent>;
  close(): Promise<void>;
}

export async function startStandalonePair(options: Record<string, string | number | boolean>): Promise<StandalonePair> {
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
    // as the case runner does: a port taken before QEMU bound it -> fresh ports
    const { pair, topology: topo } = await startOnFreshPorts(driver, net.client, `qemu-${process.pid}`, (proxies) => {
      events.length = 0;
      return driver.start({ caseDir: dir, seed: 1, failover: 'auto', options, emit, startTimeoutMs: 60_000, tmpDir: dir }, proxies) as Promise<QemuPair>;
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
