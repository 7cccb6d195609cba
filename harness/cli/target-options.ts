// Target options from the command line (run, repro, list): the flags the targets' drivers declare
// (--qemu PATH, --manager on|off: TargetDriver.cliOptions) and the generic -o key=value. They
// override a suite's own case options, so the cases recorded in run.json carry what really ran
// (and repro replays it).
import { Option, type Command } from 'commander';
import type { TargetCliOption } from '../../core/model/target.ts';
import { isTargetPath, loadDriver, TARGET_NAMES } from '../targets.ts';
import { ExitError, EXIT } from './errors.ts';

export type TargetOptions = Record<string, string | number | boolean>;

/** What commander parsed: -o values, and each declared flag's value(s) under its attribute name. */
export type RawTargetOptions = { targetOption?: string[] } & Record<string, unknown>;

/** A flag and the target that declares it. */
export interface DeclaredOption {
  target: string;
  option: TargetCliOption;
}

/** Every built-in target's flags, and those of a driver file named by `target`. */
export async function targetCliOptions(target?: string): Promise<DeclaredOption[]> {
  const names = [...TARGET_NAMES, ...(target && isTargetPath(target) ? [target] : [])];
  const out: DeclaredOption[] = [];
  for (const name of names) {
    const driver = await loadDriver(name);
    for (const option of driver.cliOptions ?? []) out.push({ target: driver.name, option });
  }
  return out;
}

/** The flags the commands carry: set once by the CLI (declareTargetOptions) before it builds them. */
let declared: DeclaredOption[] = [];

/** `--target X` or `--target=X` in argv, if any. */
function targetArg(argv: readonly string[]): string | undefined {
  const i = argv.indexOf('--target');
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith('--target='))?.slice('--target='.length);
}

/** The commands that carry the targets' flags: only they load the drivers before parsing. */
const WITH_TARGET_FLAGS = ['run', 'repro', 'list'];

/** Load the flags for the commands; a driver file that does not load is reported later, by the run. */
export async function declareTargetOptions(argv: readonly string[]): Promise<void> {
  if (!WITH_TARGET_FLAGS.includes(argv[0] ?? '')) return;
  declared = await targetCliOptions(targetArg(argv)).catch(() => targetCliOptions());
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function attribute(o: TargetCliOption): string {
  return new Option(o.flags).attributeName();
}

function flag(o: TargetCliOption): string {
  return new Option(o.flags).long ?? o.flags;
}

export function addTargetOptions(cmd: Command): Command {
  for (const { target, option } of declared) {
    if (cmd.options.some((o) => o.long === flag(option))) continue;
    if (option.matrix) cmd.option(option.flags, `target ${target}: ${option.description}`, collect);
    else cmd.option(option.flags, `target ${target}: ${option.description}`);
  }
  return cmd.option('-o, --target-option <key=value>', 'a target option, repeatable (e.g. -o checkpointDelay=500 -o disk=true)', collect);
}

/** "true"/"false" -> boolean, a plain number -> number, else the string. */
function value(s: string): string | number | boolean {
  if (s === 'true' || s === 'false') return s === 'true';
  if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
  return s;
}

function fail(message: string): never {
  throw new ExitError(EXIT.error, message);
}

/** A declared flag's values as given (one, several, or none). */
function given(raw: RawTargetOptions, o: TargetCliOption): string[] {
  const v = raw[attribute(o)];
  return v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [String(v)];
}

/** Each value parsed by its target (one line and exit 2 if it refuses one). */
function parsed(o: TargetCliOption, values: readonly string[]): Array<string | number | boolean> {
  return values.map((v) => {
    try {
      return o.parse(v);
    } catch (e) {
      return fail((e as Error).message);
    }
  });
}

/** Validated options, or one clear line (exit 2). Empty when none were given. */
export async function parseTargetOptions(raw: RawTargetOptions, target: string, matrix = false): Promise<TargetOptions> {
  const out: TargetOptions = {};
  for (const kv of raw.targetOption ?? []) {
    const m = /^([A-Za-z][\w-]*)=(.*)$/.exec(kv);
    if (!m) fail(`--target-option "${kv}" must look like key=value, e.g. checkpointDelay=500`);
    out[m[1]!] = value(m[2]!);
  }
  const owner = (await loadDriver(target)).name;
  for (const d of await targetCliOptions(target)) {
    const values = parsed(d.option, given(raw, d.option));
    if (!values.length) continue;
    if (values.length > 1 && !(matrix && d.option.matrix)) {
      fail(`${flag(d.option)} is given more than once; only \`run\` compares several ${d.option.matrix?.plural ?? 'values'}`);
    }
    if (d.target !== owner) fail(`${flag(d.option)} applies to --target ${d.target}, not ${target}`);
    if (values.length === 1) out[d.option.key] = values[0]!;
  }
  return out;
}

/** The one declared flag `run` was given several values of (the matrix), with its values parsed. */
export async function matrixValues(raw: RawTargetOptions, target: string): Promise<{ option: TargetCliOption; values: string[] } | null> {
  for (const d of await targetCliOptions(target)) {
    const values = given(raw, d.option);
    if (d.option.matrix && values.length > 1) return { option: d.option, values: parsed(d.option, values).map(String) };
  }
  return null;
}
