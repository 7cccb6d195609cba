// `colo-chaos list options`: the run command's own flags (from its definition) and each target's
// case options (-o key=value), from where the target defines them.
import type { Command } from 'commander';
import type { Entry } from './catalog.ts';

export interface OptionList {
  title: string;
  entries: Entry[];
}

export async function targetOptionLists(program: Command): Promise<OptionList[]> {
  const run = program.commands.find((c) => c.name() === 'run')!;
  const flags = run.options.map((o) => ({ name: o.flags, words: `${o.description}${o.defaultValue !== undefined ? ` (default ${String(o.defaultValue)})` : ''}` }));
  const { optionDefaults } = (await import(new URL('../../targets/colo-ref/driver/preflight.ts', import.meta.url).href)) as { optionDefaults(): Record<string, unknown> };
  const { QEMU_DEFAULTS } = (await import(new URL('../../targets/qemu/defaults.ts', import.meta.url).href)) as { QEMU_DEFAULTS: Record<string, unknown> };
  const entries = (o: Record<string, unknown>): Entry[] => Object.entries(o).map(([k, v]) => ({ name: k, words: `default ${JSON.stringify(v)}` }));
  return [
    { title: 'run flags (colo-chaos run; also keys of colo-chaos.config.ts, camelCase)', entries: flags },
    { title: '-o key=value for --target colo-ref (the replica\'s options)', entries: entries(optionDefaults()) },
    {
      title: '-o key=value for --target qemu (see targets/qemu/README.md "Options")',
      entries: [...entries(QEMU_DEFAULTS), { name: 'qemu', words: 'the QEMU binary (same as --qemu)' }, { name: 'manager', words: 'on | off (same as --manager)' }],
    },
  ];
}
