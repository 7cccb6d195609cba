// A test file's session on a target (driver, embedded fault network, replica entry) and a temp dir
// for its cases, opened before the file's tests and closed after; run() runs one case on it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Case, TargetName } from '../../../core/model/case.ts';
import type { TargetDriver } from '../../../core/model/target.ts';
import { runCase, type CaseOutcome } from '../../../harness/runner/case-runner.ts';
import { DEFAULT_TIMING } from '../../../harness/runner/timing.ts';
import { openSession, type Session } from '../../../harness/suite/session.ts';

export interface CaseFixture {
  session(): Session;
  /** Run `c` with `driver` (default: the session's own). */
  run(c: Case, driver?: TargetDriver): Promise<CaseOutcome>;
}

export function caseFixture(target: TargetName): CaseFixture {
  let session: Session | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    session = await openSession(target, 1, () => undefined);
    dir = await mkdtemp(join(tmpdir(), `colo-chaos-${target}-cases-`));
  });
  afterAll(async () => {
    await session?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const open = (): Session => {
    if (!session) throw new Error('the case fixture is used before its beforeAll ran');
    return session;
  };
  return {
    session: open,
    run: (c, driver) => {
      const s = open();
      return runCase(c, { driver: driver ?? s.driver, network: s.network.client, caseDir: join(dir!, c.id), timing: DEFAULT_TIMING, ...(s.entry ? { entry: s.entry } : {}) });
    },
  };
}
