// The colo-chaos CLI. One error boundary: ExitError -> its code (and message, if any);
// commander's usage errors -> exit 2; anything else -> its message and exit 2.
import { Command, CommanderError } from 'commander';
import { ExitError, EXIT } from './errors.ts';
import { registerRun } from './commands/run.ts';
import { registerList } from './commands/list.ts';
import { registerRepro } from './commands/repro.ts';
import { registerTools } from './commands/tools.ts';
import { registerSelftest, registerShrink } from '../explore/commands.ts';
import { registerCompare } from '../compare/command.ts';

export function buildProgram(): Command {
  const program = new Command('colo-chaos')
    .description('fault-injection chaos harness for COLO-style VM replication')
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
