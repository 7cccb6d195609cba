// colo-chaos run --suite <name|path> ...: run a suite, exit 0 / 1 / 2 by the composed verdict
// (130 after Ctrl-C). With --json, NDJSON events go to stdout and every human line to stderr.
import type { Command } from 'commander';
import { join } from 'node:path';
import { runSuite } from '../../suite/run-suite.ts';
import { makeProgress } from '../../suite/progress.ts';
import { bothProgress, eventLine, jsonProgress } from '../../suite/json-events.ts';
import { parseRunConfig } from '../config.ts';
import { targetBugs } from '../../targets.ts';
import { loadConfigFile, mergeFlags } from '../config-file.ts';
import { ExitError, EXIT } from '../errors.ts';
import { onInterrupt } from '../interrupt.ts';
import { checkOutDir } from '../out-dir.ts';
import { addTargetOptions } from '../target-options.ts';
import { TARGET_NAMES } from '../../targets.ts';
import type { RunJson } from '../../../core/model/run.ts';
import { notRunWords } from '../../../reports/words.ts';

export function exitCodeOf(summary: RunJson['summary']): number {
  if (summary.fail > 0) return EXIT.fail;
  if (summary.unknown > 0) return EXIT.error;
  return EXIT.pass;
}

/** The last lines of a run: the counts, what did not run, and where the reports are. */
export function endWords(run: RunJson, dir: string): string {
  const s = run.summary;
  const extra = notRunWords(run);
  return `${run.cases.length} cases: ${s.pass} pass, ${s.fail} fail, ${s.unknown} unknown${extra ? `; ${extra}` : ''}; run store ${dir}\n`
    + `  report: ${join(dir, 'report.html')}\n  summary: ${join(dir, 'summary.md')}\n`;
}

export function registerRun(program: Command): void {
  addTargetOptions(program.command('run')
    .description('run a chaos suite against a target')
    .option('--suite <name|path>', 'smoke, phase-matrix, nightly, ... or a suite file')
    .option('--target <name|path>', `${TARGET_NAMES.join(' | ')}, or a driver file (./my/driver.ts)`, 'colo-ref')
    .option('--bug <name>', 'a planted bug of the reference pair')
    .option('--seed <n>', 'run seed, 0 to 4294967295 (default: fresh, recorded)')
    .option('--out <dir>', 'run store root', 'runs')
    .option('--shard <i/n>', 'run the i-th of n shards')
    .option('--time-budget <duration>', 'start no case after this (e.g. 10m); the rest are reported as not run')
    .option('--failover <mode>', 'auto (heartbeat) | manual (failover command)', 'auto')
    .option('--jobs <n>', 'cases at the same time', '1')
    .option('--case-timeout <duration>', 'per-case timeout', '60s')
    .option('--liveness-bound <duration>', 'the survivor must answer within this')
    .option('--land-timeout <duration>', 'how long a fault may wait for its phase (default 6s)')
    .option('--case <ids>', 'only these case ids (comma-separated)')
    .option('--json', 'NDJSON events on stdout (run-start, case-start, landed, verdict, skipped, run-end); the rest on stderr')
    .option('--config <file>', 'settings file (default: ./colo-chaos.config.ts if present); flags win over it'))
    .action(async (raw: Record<string, unknown>, cmd: Command) => {
      const { json, config: configPath, ...flags } = raw;
      const file = await loadConfigFile(configPath as string | undefined);
      const config = await parseRunConfig(mergeFlags(flags, (k) => cmd.getOptionValueSource(k), file), targetBugs);
      checkOutDir(config.out);
      const human = (m: string): void => void (json ? process.stderr : process.stdout).write(m);
      const progress = json
        ? bothProgress(makeProgress(), jsonProgress((l) => process.stdout.write(l), { suite: config.suite, target: config.target, seed: config.seed }))
        : makeProgress();
      const interrupt = onInterrupt((m) => process.stderr.write(m + '\n'));
      try {
        const banner = (): void => void process.stderr.write(`colo-chaos: suite ${config.suite}, target ${config.target}${config.bug ? `, bug ${config.bug}` : ''}, seed ${config.seed}\n`);
        const { run, dir } = await runSuite({ ...config, progress, onStart: banner, signal: interrupt.signal, warn: (m) => process.stderr.write(`warning: ${m}\n`) });
        human(endWords(run, dir));
        const interrupted = interrupt.code();
        const code = interrupted ?? exitCodeOf(run.summary);
        if (json) {
          process.stdout.write(eventLine({ event: 'run-end', runDir: dir, summary: { ...run.summary }, partial: run.partial, exitCode: code, reports: ['report.html', 'junit.xml', 'summary.md'].map((f) => join(dir, f)) }));
        }
        if (interrupted !== null) throw new ExitError(interrupted, `interrupted; ${run.cases.length} finished cases are in ${dir}/run.json`);
        throw new ExitError(code);
      } finally {
        interrupt.dispose();
      }
    });
}
