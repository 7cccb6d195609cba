// Benchmark: how fast the harness catches each planted bug of colo-ref (goal: <= 30 s each), the
// shrunk case per bug, and false alarms on the clean pair. Baseline: the median clean-pair case of
// the same run; each bug's time is printed as a multiple of it and as a share of the 30 s goal.
// Usage: npx colo-chaos bench selftest [--full] [--all-cases] [--no-shrink] [--seed N] [--clean-seeds N] [--out DIR]
//   (default: smoke + the known catchers + the best random schedules; --all-cases: every case)
import { runSelftest } from '../harness/explore/selftest-run.ts';
import { numberFlag } from './lib/util.ts';
import { median } from '../core/percentile.ts';
import { formatSelftest } from '../harness/explore/selftest-table.ts';

const GOAL_MS = 30_000;

function option(args: string[], name: string, fallback: string): string {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}

export async function run(args: string[]): Promise<number> {
  const ac = new AbortController();
  const stop = (): void => ac.abort(new Error('interrupted'));
  process.once('SIGINT', stop);
  const durations: number[] = [];
  try {
    const { report, dir } = await runSelftest({
      full: args.includes('--full'), sample: !args.includes('--all-cases'), shrink: !args.includes('--no-shrink'),
      seed: numberFlag(args, 'seed', 1, { zero: true }),
      cleanSeeds: Array.from({ length: numberFlag(args, 'clean-seeds', 2, { zero: true }) }, (_, i) => i + 1),
      out: option(args, '--out', 'runs'), failover: 'auto', signal: ac.signal,
      log: (l) => process.stderr.write(`selftest: ${l}\n`), warn: (m) => process.stderr.write(`warning: ${m}\n`),
    });
    const { RunStore } = await import('../reports/store.ts');
    const stored = await RunStore.open(dir).readRun();
    for (const c of stored.cases) if (c.id.startsWith('clean-') && c.verdict !== 'unknown') durations.push(c.durationMs);
    const base = durations.length ? median(durations) : 0;
    console.log(`run store: ${dir}`);
    console.log(`baseline: median clean-pair case ${(base / 1000).toFixed(2)} s (${durations.length} cases)`);
    for (const r of report.rows.filter((x) => x.caught)) {
      console.log(`${r.bug}: ${(r.timeMs / 1000).toFixed(1)} s = ${(r.timeMs / Math.max(1, base)).toFixed(1)} x a clean case = ${((100 * r.timeMs) / GOAL_MS).toFixed(0)}% of the 30 s goal`);
    }
    console.log(formatSelftest(report));
    return 0;
  } finally {
    process.off('SIGINT', stop);
  }
}
