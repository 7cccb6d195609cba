// The QEMU pair outside the case runner, for the qemu tests (harness/runner/standalone.ts with
// the QEMU driver).
import * as generic from '../../../harness/runner/standalone.ts';
import { driver } from '../../../targets/qemu/driver.ts';
import type { QemuPair } from '../../../targets/qemu/pair.ts';

export type StandalonePair = generic.StandalonePair<QemuPair>;

export const startStandalonePair = (options: Record<string, string | number | boolean>): Promise<StandalonePair> =>
  generic.startStandalonePair<QemuPair>(driver, options);
