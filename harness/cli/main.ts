// The colo-chaos CLI. One error boundary: ExitError -> its code (and message, if any);
// commander's usage errors -> exit 2; anything else -> its message and exit 2.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ExitError, EXIT } from './errors.ts';
import { registerRun } from './commands/run.ts';
import { registerList } from './commands/list.ts';
import { registerRepro } from './commands/repro.ts';
import { registerTools } from './commands/tools.ts';
import { registerSelftest, registerShrink } from './commands/explore.ts';
import { registerCompare } from './commands/compare.ts';
import { declareTargetOptions } from './target-options.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

const EXAMPLES = `
Examples:
  colo-chaos run --suite smoke                         the smoke suite against the reference pair (< 1 min)
  colo-chaos run --suite phase-matrix --jobs 2         every phase x fault, two cases at a time
  colo-chaos run --suite nightly --seed 20260101 --time-budget 3h
  colo-chaos run --suite bugs --bug early-release      a planted bug, caught by the check that should catch it
  colo-chaos run --suite smoke --json | jq -c .        NDJSON events for a tool that follows the run
  colo-chaos list phases                               P0-P12, S0-S8 with names and meanings
  colo-chaos list suites|faults|bugs|options
  colo-chaos repro runs/latest S7b-crash-primary-cp1   one stored case again, same seed and schedule
  colo-chaos diff runs/nightly/<last-night> runs/latest
Settings every run uses can live in ./colo-chaos.config.ts (see README "Config file").`;

export function buildProgram(): Command {
  const program = new Command('colo-chaos')
    .description('fault-injection chaos harness for COLO-style VM replication')
    .version(VERSION, '-V, --version')
    .addHelpText('after', EXAMPLES)
    .exitOverride();
  registerRun(program);
  registerList(program);
  registerRepro(program);
  registerTools(program);
  registerShrink(program);
  registerSelftest(program);
  registerCompare(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    // the targets' own flags (--qemu, ...) come from their drivers: loaded before the commands are built
    await declareTargetOptions(argv);
    await buildProgram().parseAsync(argv, { from: 'user' });
    return EXIT.pass;
  } catch (e) {
    if (e instanceof ExitError) {
      if (e.message) process.stderr.write(`colo-chaos: ${e.message}\n`);
      return e.code;
    }
    if (e instanceof CommanderError) {
      // commander already printed its one line (or the help)
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? EXIT.pass : EXIT.error;
    }
    process.stderr.write(`colo-chaos: ${(e as Error)?.message ?? String(e)}\n`);
    return EXIT.error;
  }
}

process.exitCode = await main(process.argv.slice(2));
