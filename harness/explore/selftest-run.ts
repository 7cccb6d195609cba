// selftest against real replicas: one run store (runs/selftest/<timestamp>/) holds every case
// of every bug and clean seed, each bug's shrunk case as `<bug>--<case>-min`, and selftest.json.
import { targetBugs } from '../targets.ts';
import type { CaseResult } from '../../core/model/run.ts';
import { openExecutor } from '../suite/executor.ts';
import { DEFAULT_TIMING } from '../runner/timing.ts';
import { selftest, type Minimal, type SelftestReport } from './selftest.ts';
import { selftestCases } from './selftest-cases.ts';
import { shrinkWith } from './shrink-run.ts';

export interface SelftestRunOptions {
  bugs?: readonly string[];
  full: boolean;
  /** Smoke plus the known catchers only. */
  sample: boolean;
  shrink: boolean;
  seed: number;
  cleanSeeds: readonly number[];
  out: string;
  failover: 'auto' | 'manual';
  signal: AbortSignal;
  log(line: string): void;
  warn(m: string): void;
}

/** Shrinking inside selftest: fewer runs than `colo-chaos shrink`, to stay quick. */
const SELFTEST_SHRINK = { runs: 2, finalRuns: 3, maxRuns: 16 };

export async function runSelftest(o: SelftestRunOptions): Promise<{ report: SelftestReport; dir: string }> {
  const bugs = o.bugs ?? (await targetBugs('colo-ref'));
  const ex = await openExecutor({
    suite: 'selftest', target: 'colo-ref', seed: o.seed, out: o.out, signal: o.signal, warn: o.warn,
    timing: DEFAULT_TIMING, targetConfig: { failover: o.failover },
  });
  try {
    const shrinkOne = async (failing: CaseResult): Promise<Minimal> => {
      const r = await shrinkWith(ex, failing.case, failing, { ...SELFTEST_SHRINK, signal: o.signal, log: () => {} });
      return { id: r.minimal.id, faults: r.minimal.faults, reproduction: r.reproduction };
    };
    const report = await selftest({
      cases: (bug, seed) => selftestCases({ bug, seed, sample: o.sample, failover: o.failover }),
      run: (c) => ex.run(c), log: o.log, ...(o.shrink ? { shrink: shrinkOne } : {}),
    }, { bugs, full: o.full, seed: o.seed, cleanSeeds: o.cleanSeeds, signal: o.signal });
    await ex.recorder.store.writeFile('selftest.json', JSON.stringify(report, null, 2) + '\n');
    return { report, dir: ex.recorder.store.dir };
  } finally {
    // finished even when it failed: what ran is a whole record
    try {
      await ex.finish();
    } finally {
      await ex.close();
    }
  }
}
