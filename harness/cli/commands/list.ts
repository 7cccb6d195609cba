// colo-chaos list --suite <name>: the case ids a suite would run (one per line);
// colo-chaos list suites|phases|faults|bugs|options: what there is to choose from.
import type { Command } from 'commander';
import { listCases } from '../../suite/run-suite.ts';
import { parseRunConfig } from '../config.ts';
import { targetBugs } from '../../targets.ts';
import { addTargetOptions } from '../target-options.ts';
import { TARGET_NAMES } from '../../targets.ts';
import { bugs, faults, phases, phaseTableMd, suites, type Entry } from '../catalog.ts';
import { ExitError, EXIT } from '../errors.ts';
import { targetOptionLists } from '../option-list.ts';

export const LISTS = ['suites', 'phases', 'faults', 'bugs', 'options'] as const;

function table(rows: readonly Entry[]): string {
  const width = Math.max(...rows.map((r) => r.name.length));
  return rows.map((r) => `${r.name.padEnd(width)}  ${r.words}`).join('\n') + '\n';
}

async function catalog(what: string, program: Command, o: { json?: boolean; markdown?: boolean }): Promise<string> {
  if (what === 'phases') {
    if (o.markdown) return phaseTableMd();
    const rows = phases();
    return o.json ? JSON.stringify(rows, null, 2) + '\n' : table(rows.map((p) => ({ name: `${p.name.padEnd(3)} ${p.title}`, words: p.words })));
  }
  if (what === 'options') {
    const lists = await targetOptionLists(program);
    return o.json ? JSON.stringify(lists, null, 2) + '\n' : lists.map((l) => `${l.title}:\n${table(l.entries).replace(/^(?=.)/gm, '  ')}`).join('\n');
  }
  const rows = what === 'suites' ? suites() : what === 'faults' ? faults() : await bugs();
  return o.json ? JSON.stringify(rows, null, 2) + '\n' : table(rows);
}

export function registerList(program: Command): void {
  addTargetOptions(program.command('list')
    .description(`list a suite's cases (--suite NAME), or one of: ${LISTS.join(', ')}`)
    .argument('[what]', LISTS.join(' | '))
    .option('--suite <name|path>', 'suite name or file')
    .option('--target <name|path>', `${TARGET_NAMES.join(' | ')}, or a driver file (./my/driver.ts)`, 'colo-ref')
    .option('--bug <name>', 'a planted bug of the reference pair')
    .option('--seed <n>', 'seed (random schedules depend on it)', '1')
    .option('--shard <i/n>', 'only the i-th of n shards')
    .option('--time-budget <duration>', 'as for run (sizes nightly)')
    .option('--failover <mode>', 'auto | manual', 'auto')
    .option('--json', 'print as JSON')
    .option('--markdown', 'phases: the table as Markdown (docs/PHASES.md)'))
    .action(async (what: string | undefined, raw: Record<string, unknown>) => {
      const { json, markdown, ...rest } = raw;
      if (what !== undefined) {
        if (!(LISTS as readonly string[]).includes(what)) throw new ExitError(EXIT.error, `cannot list "${what}"; valid: ${LISTS.join(', ')}, or --suite NAME for its cases`);
        process.stdout.write(await catalog(what, program, { json: Boolean(json), markdown: Boolean(markdown) }));
        return;
      }
      if (rest.suite === undefined) throw new ExitError(EXIT.error, `list what? one of ${LISTS.join(', ')}, or --suite NAME for its cases`);
      const c = await parseRunConfig(rest, targetBugs);
      const cases = await listCases({ suite: c.suite, target: c.target, ...(c.bug ? { bug: c.bug } : {}), seed: c.seed, failover: c.failover, ...(c.shard ? { shard: c.shard } : {}), ...(c.timeBudgetMs !== undefined ? { timeBudgetMs: c.timeBudgetMs } : {}), ...(c.targetOptions ? { targetOptions: c.targetOptions } : {}) });
      process.stdout.write(json ? JSON.stringify(cases, null, 2) + '\n' : cases.map((x) => x.id).join('\n') + '\n');
    });
}
