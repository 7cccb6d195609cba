// What `colo-chaos list suites|phases|faults|bugs|options` prints, read from where each thing is
// defined (the phase model, each suite's and fault's own header comment, the bug table of the
// reference pair's README, the replica's option parser), so the lists cannot drift from the code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FAULT_KINDS } from '../../core/model/case.ts';
import { DESIGN_PHASES, PHASES, PHASE_MEANINGS, PHASE_NAMES, phaseOwner } from '../../core/model/phases.ts';
import { SUITES_DIR, suiteNames } from '../suite/resolve.ts';
import { loadDriver, TARGET_NAMES } from '../targets.ts';

export interface Entry {
  name: string;
  words: string;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A file's leading `//` comment as one line, without its "name:" or "name (...):" opening. */
export function headerWords(file: string, name: string): string {
  const lines = readFileSync(file, 'utf8').split('\n');
  const comment = lines.slice(0, lines.findIndex((l) => !l.startsWith('//'))).map((l) => l.replace(/^\/\/\s?/, '')).join(' ');
  const body = comment.startsWith(name) ? comment.slice(name.length).replace(/^\s*(\([^)]*\))?\s*:\s*/, '') : comment;
  // the first sentence: up to a full stop before a capital letter ("e.g. while" goes on)
  const sentence = /^(.*?)\.(\s+[A-Z]|$)/.exec(body)?.[1] ?? body;
  return sentence.trim();
}

export function suites(): Entry[] {
  return suiteNames().map((name) => ({ name, words: headerWords(join(SUITES_DIR, `${name}.ts`), name) }));
}

export function phases(): Array<Entry & { title: string; role: string }> {
  return PHASES.map((p) => ({ name: p, title: PHASE_NAMES[p], role: phaseOwner(p), words: PHASE_MEANINGS[p] }));
}

export function faults(): Entry[] {
  return FAULT_KINDS.map((k) => ({ name: k, words: headerWords(join(ROOT, 'faults', `${k.replace('_', '-')}.ts`), k) }));
}

/** The planted bugs the built-in targets declare, with "what it does" from the target's README table. */
export async function bugs(): Promise<Entry[]> {
  const out: Entry[] = [];
  for (const target of TARGET_NAMES) {
    const declared = (await loadDriver(target)).bugs ?? [];
    const readme = declared.length ? readFileSync(join(ROOT, 'targets', target, 'README.md'), 'utf8') : '';
    for (const name of declared) {
      const row = readme.split('\n').find((l) => l.startsWith(`| \`${name}\` |`));
      out.push({ name, words: row?.split('|')[2]?.trim() ?? '' });
    }
  }
  return out;
}

/** The phases as ranges of consecutive numbers: "P0-P12 and S0-S3, S5, S6, S7a, S7b, S8". */
export function phaseRangeWords(): string {
  const ranges = (ids: readonly string[]): string => {
    const out: string[][] = [];
    for (const id of ids) {
      const last = out.at(-1);
      const prev = last?.at(-1);
      if (last && prev && /^[PS]\d+$/.test(id) && /^[PS]\d+$/.test(prev) && Number(id.slice(1)) === Number(prev.slice(1)) + 1) last.push(id);
      else out.push([id]);
    }
    return out.map((r) => (r.length > 2 ? `${r[0]}-${r.at(-1)}` : r.join(', '))).join(', ');
  };
  return `${ranges(phases().filter((p) => p.role === 'primary').map((p) => p.name))} and ${ranges(phases().filter((p) => p.role === 'secondary').map((p) => p.name))}`;
}

/** The phase table as Markdown: docs/PHASES.md is this text (a test keeps them equal). */
export function phaseTableMd(): string {
  const row = (p: ReturnType<typeof phases>[number]): string => `| ${p.name} | ${p.title} | ${p.words} |`;
  const table = (role: string): string[] => ['| id | name | what is true there |', '|---|---|---|', ...phases().filter((p) => p.role === role).map(row)];
  return [
    '# Checkpoint phases',
    '',
    '<!-- generated from core/model/phases.ts by `colo-chaos list phases --markdown`; test/harness/cli/list.test.ts keeps it equal -->',
    '',
    'Where a fault lands: a phase of the checkpoint transaction on the primary (P) or the secondary (S),',
    "named after QEMU's `colo_do_checkpoint_transaction` and `colo_incoming_process_checkpoint`. A case id",
    'starts with its phase (`S7b-crash-primary-cp1`). There is no S4: the secondary receiving the RAM',
    "records (QEMU's own S4, `qemu_loadvm_state_main` in migration/savevm.c) is the harness's S3, refined by a",
    `byte offset. The phases are ${phaseRangeWords()}.`,
    '',
    '## Primary',
    '',
    ...table('primary'),
    '',
    '## Secondary',
    '',
    ...table('secondary'),
    '',
    '## Design phases',
    '',
    'Only with a design option of the reference pair; each sits inside the idle phase before it.',
    '',
    '| id | name | what is true there |',
    '|---|---|---|',
    ...DESIGN_PHASES.map((p) => `| ${p} | ${PHASE_NAMES[p]} | ${PHASE_MEANINGS[p]} |`),
    '',
  ].join('\n');
}
