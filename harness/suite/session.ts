// What every case of a run shares: the target driver, the fault network and the prebuilt
// replica entry. close() stops the network and removes the entry.
import type { TargetName } from '../../core/model/case.ts';
import type { TargetDriver } from '../../core/model/target.ts';
import { loadDriver } from '../targets.ts';
import { startNetwork, type FaultNetworkLike } from '../network.ts';
import { prepareEntry } from './entry.ts';

export interface Session {
  driver: TargetDriver;
  network: FaultNetworkLike;
  entry?: string;
  close(): Promise<void>;
}

/** The fault network's seed in every session (the embedded proxy's default). */
export const NETWORK_SEED = 1;

export async function openSession(target: TargetName, seed: number, warn: (m: string) => void): Promise<Session> {
  const driver = await loadDriver(target);
  // one network seed for every session: a toxic's draws then follow from the case's own proxy
  // names (runner/topology.ts proxyPrefix: id and seed), so repro replays the run's jitter; the
  // run seed (`seed`) is recorded in run.json and seeds the cases, not the network
  const network = await startNetwork({ seed: NETWORK_SEED });
  const entry = await prepareEntry(driver.bundleEntry, warn).catch((e: Error) => { warn(e.message); return null; });
  return {
    driver, network, ...(entry ? { entry: entry.path } : {}),
    async close() {
      await entry?.dispose();
      await network.stop();
    },
  };
}
