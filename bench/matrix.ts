// Benchmark: the whole phase-matrix against colo-ref. Prints wall time, the median case time
// (the baseline the wall time is compared with: wall / (n x median) shows the overhead between
// cases) and the share of faults that landed in the intended phase.
// Usage: npx colo-chaos bench matrix [--jobs N] [--seed N] [--out DIR] [--suite NAME]
import { runSuite } from '../harness/suite/run-suite.ts';
import { median } from '../core/percentile.ts';
import { makeProgress } from '../harness/suite/progress.ts';
import { parseRunConfig } from '../harness/cli/config.ts';
import { targetBugs } from '../harness/targets.ts';

function flags(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i += 2) out[args[i]!.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = args[i + 1] ?? '';
  return out;
}

export async function run(args: string[]): Promise<number> {
  const f = flags(args);
  const config = await parseRunConfig({ suite: f.suite ?? 'phase-matrix', seed: f.seed ?? '1', out: f.out ?? 'runs', jobs: f.jobs ?? '1', ...(f.bug ? { bug: f.bug } : {}) }, targetBugs);
  const ac = new AbortController();
  const stop = (): void => ac.abort();
  process.once('SIGINT', stop);
  const t0 = performance.now();
  const { run, dir } = await runSuite({ ...config, progress: makeProgress(process.stderr, { ...process.env, CI: 'true' }), signal: ac.signal, warn: (m) => process.stderr.write(`warning: ${m}\n`) });
  const wall = (performance.now() - t0) / 1000;
  process.off('SIGINT', stop);
  const n = run.cases.length;
  const med = median(run.cases.map((c) => c.durationMs)) / 1000;
  const landed = run.cases.filter((c) => c.landedInPhase).length;
  const s = run.summary;
  console.log(`run store: ${dir}`);
  console.log(`verdicts: ${s.pass} pass, ${s.fail} fail, ${s.unknown} unknown`);
  console.log(`median case: ${med.toFixed(2)} s; wall / (cases x median) = ${(wall / Math.max(1, n * med)).toFixed(2)} (jobs ${config.jobs})`);
  console.log(`matrix: ${n} cases in ${wall.toFixed(1)} s, ${landed}/${n} landed in phase`);
  return 0;
}
