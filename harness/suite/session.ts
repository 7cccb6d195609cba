// What every case of a run shares: the target driver, the fault network and the prebuilt
// replica entry. close() stops the network and removes the entry.
import type { TargetName } from '../model/case.ts';
import type { TargetDriver } from '../model/target.ts';
import { loadDriver } from '../targets.ts';
import { startNetwork, type FaultNetworkLike } from '../network.ts';
import { prepareEntry } from './entry.ts';

export interface Session {
  driver: TargetDriver;
  network: FaultNetworkLike;
  entry?: string;
  close(): Promise<void>;
}

export async function openSession(target: TargetName, seed: number, warn: (m: string) => void): Promise<Session> {
  const driver = await loadDriver(target);
  const network = await startNetwork({ seed });
  const entry = await prepareEntry(driver.bundleEntry, warn).catch((e: Error) => { warn(e.message); return null; });
  return {
    driver, network, ...(entry ? { entry: entry.path } : {}),
    async close() {
      await entry?.dispose();
      await network.stop();
    },
  };
}
