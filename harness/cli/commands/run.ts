// colo-chaos run --suite <name|path> ...: run a suite, exit 0 / 1 / 2 by the composed verdict.
import type { Command } from 'commander';
import { runSuite } from '../../suite/run-suite.ts';
import { makeProgress } from '../../suite/progress.ts';
import { parseRunConfig, targetBugs } from '../config.ts';
import { ExitError, EXIT } from '../errors.ts';
import { onInterrupt } from '../interrupt.ts';
import { addTargetOptions } from '../target-options.ts';
import type { RunJson } from '../../model/run.ts';

export function exitCodeOf(summary: RunJson['summary']): number {
  if (summary.fail > 0) return EXIT.fail;
  if (summary.unknown > 0) return EXIT.error;
  return EXIT.pass;
}

export function registerRun(program: Command): void {
  addTargetOptions(program.command('run')
    .description('run a chaos suite against a target')
    .option('--suite <name|path>', 'smoke, phase-matrix, nightly, ... or a suite file')
    .option('--target <name>', 'colo-ref | qemu', 'colo-ref')
    .option('--bug <name>', 'a planted bug of the reference pair')
    .option('--seed <n>', 'run seed (default: fresh, recorded)')
    .option('--out <dir>', 'run store root', 'runs')
    .option('--shard <i/n>', 'run the i-th of n shards')
    .option('--time-budget <duration>', 'start no case after this (e.g. 10m)')
    .option('--failover <mode>', 'auto (heartbeat) | manual (failover command)', 'auto')
    .option('--jobs <n>', 'cases at the same time', '1')
    .option('--case-timeout <duration>', 'per-case timeout', '60s')
    .option('--liveness-bound <duration>', 'the survivor must answer within this')
    .option('--land-timeout <duration>', 'how long a fault may wait for its phase (default 6s)')
    .option('--case <ids>', 'only these case ids (comma-separated)'))
    .action(async (raw: Record<string, unknown>) => {
      const config = await parseRunConfig(raw, targetBugs);
      const interrupt = onInterrupt((m) => process.stderr.write(m + '\n'));
      try {
        const banner = (): void => void process.stderr.write(`colo-chaos: suite ${config.suite}, target ${config.target}${config.bug ? `, bug ${config.bug}` : ''}, seed ${config.seed}\n`);
        const { run, dir } = await runSuite({ ...config, progress: makeProgress(), onStart: banner, signal: interrupt.signal, warn: (m) => process.stderr.write(`warning: ${m}\n`) });
        const s = run.summary;
        process.stdout.write(`${run.cases.length} cases: ${s.pass} pass, ${s.fail} fail, ${s.unknown} unknown; run store ${dir}\n`);
        const interrupted = interrupt.code();
        if (interrupted !== null) throw new ExitError(interrupted, `interrupted; ${run.cases.length} finished cases are in ${dir}/run.json`);
        throw new ExitError(exitCodeOf(s));
      } finally {
        interrupt.dispose();
      }
    });
}
