// colo-chaos list --suite <name>: the case ids a suite would run (one per line).
import type { Command } from 'commander';
import { listCases } from '../../suite/run-suite.ts';
import { parseRunConfig, targetBugs } from '../config.ts';
import { addTargetOptions } from '../target-options.ts';

export function registerList(program: Command): void {
  addTargetOptions(program.command('list')
    .description("list a suite's cases")
    .option('--suite <name|path>', 'suite name or file')
    .option('--target <name>', 'colo-ref | qemu', 'colo-ref')
    .option('--bug <name>', 'a planted bug of the reference pair')
    .option('--seed <n>', 'seed (random schedules depend on it)', '1')
    .option('--shard <i/n>', 'only the i-th of n shards')
    .option('--time-budget <duration>', 'as for run (sizes nightly)')
    .option('--failover <mode>', 'auto | manual', 'auto')
    .option('--json', 'print the cases as JSON'))
    .action(async (raw: Record<string, unknown>) => {
      const { json, ...rest } = raw;
      const c = await parseRunConfig(rest, targetBugs);
      const cases = await listCases({ suite: c.suite, target: c.target, ...(c.bug ? { bug: c.bug } : {}), seed: c.seed, failover: c.failover, ...(c.shard ? { shard: c.shard } : {}), ...(c.timeBudgetMs !== undefined ? { timeBudgetMs: c.timeBudgetMs } : {}), ...(c.targetOptions ? { targetOptions: c.targetOptions } : {}) });
      process.stdout.write(json ? JSON.stringify(cases, null, 2) + '\n' : cases.map((x) => x.id).join('\n') + '\n');
    });
}
