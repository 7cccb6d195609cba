// Before a run starts anything: the target's own check of each distinct set of case options
// (e.g. the QEMU binary and the guest image), so a bad setup is one line and exit 2, not a run
// of unknown cases.
import type { Case, TargetName } from '../../core/model/case.ts';
import { loadDriver } from '../targets.ts';

export async function preflight(target: TargetName, cases: readonly Case[], failover: 'auto' | 'manual'): Promise<void> {
  const driver = await loadDriver(target);
  if (!driver.preflight) return;
  const seen = new Set<string>();
  for (const c of cases) {
    const key = JSON.stringify([c.options ?? {}, c.failover ?? failover]);
    if (seen.has(key)) continue;
    seen.add(key);
    await driver.preflight(c.options ?? {}, c.failover ?? failover);
  }
}
