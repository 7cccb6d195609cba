// `colo-chaos list options`: the run command's own flags (from its definition) and each target's
// case options (-o key=value) and flags, from what its driver declares.
import type { Command } from 'commander';
import type { Entry } from './catalog.ts';
import { loadDriver, TARGET_NAMES } from '../targets.ts';

export interface OptionList {
  title: string;
  entries: Entry[];
}

export async function targetOptionLists(program: Command): Promise<OptionList[]> {
  const run = program.commands.find((c) => c.name() === 'run')!;
  const flags = run.options.map((o) => ({ name: o.flags, words: `${o.description}${o.defaultValue !== undefined ? ` (default ${String(o.defaultValue)})` : ''}` }));
  const entries = (o: Record<string, unknown>): Entry[] => Object.entries(o).map(([k, v]) => ({ name: k, words: `default ${JSON.stringify(v)}` }));
  const lists: OptionList[] = [{ title: 'run flags (colo-chaos run; also keys of colo-chaos.config.ts, camelCase)', entries: flags }];
  for (const name of TARGET_NAMES) {
    const driver = await loadDriver(name);
    const own = (driver.cliOptions ?? []).map((o) => ({ name: o.key, words: `${o.description.split(/[;(]/)[0]!.trim()} (same as --${o.key})` }));
    lists.push({ title: `-o key=value for --target ${name} (see targets/${name}/README.md)`, entries: [...entries((await driver.optionDefaults?.()) ?? {}), ...own] });
  }
  return lists;
}
