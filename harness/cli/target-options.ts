// Target options from the command line (run, repro): --qemu PATH, --manager on|off and the
// generic -o key=value. They override a suite's own case options, so the cases recorded in
// run.json carry what really ran (and repro replays it).
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { TargetName } from '../model/case.ts';
import { ExitError, EXIT } from './errors.ts';

/** The QEMU builds named by alias (targets/qemu/versions.ts resolves them; kept here so --help needs no target code). */
export const QEMU_ALIAS_NAMES = ['fixed', 'stock', 'newer', 'newer-debian'] as const;

export type TargetOptions = Record<string, string | number | boolean>;

export interface RawTargetOptions {
  /** One QEMU, or several (run: the version matrix, one row per QEMU). */
  qemu?: string | string[];
  manager?: string;
  targetOption?: string[];
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function addTargetOptions(cmd: Command): Command {
  return cmd
    .option('--qemu <path|alias>', `target qemu: the QEMU binary or ${QEMU_ALIAS_NAMES.join('|')} (default fixed); run: repeat it to compare versions side by side`, collect)
    .option('--manager <on|off>', 'target qemu: the harness is the HA manager (on) or only observes (off)')
    .option('-o, --target-option <key=value>', 'a target option, repeatable (e.g. -o checkpointDelay=500 -o disk=true)', collect);
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

/** Validated options, or one clear line (exit 2). Empty when none were given. */
export function parseTargetOptions(raw: RawTargetOptions, target: TargetName, matrix = false): TargetOptions {
  const out: TargetOptions = {};
  for (const kv of raw.targetOption ?? []) {
    const m = /^([A-Za-z][\w-]*)=(.*)$/.exec(kv);
    if (!m) fail(`--target-option "${kv}" must look like key=value, e.g. checkpointDelay=500`);
    out[m[1]!] = value(m[2]!);
  }
  if (raw.manager !== undefined) {
    if (raw.manager !== 'on' && raw.manager !== 'off') fail(`--manager "${raw.manager}" is not valid; valid: on, off`);
    out.manager = raw.manager;
  }
  const qemus = qemuList(raw);
  if (qemus.length > 1 && !matrix) fail('--qemu is given more than once; only `run` compares several QEMUs');
  if (qemus.length > 1 && target !== 'qemu') fail(`--qemu applies to --target qemu, not ${target}`);
  if (qemus.length === 1) out.qemu = qemus[0]!;
  for (const key of ['qemu', 'manager'] as const) {
    if (out[key] !== undefined && target !== 'qemu') fail(`--${key} applies to --target qemu, not ${target}`);
  }
  return out;
}

/** Every --qemu, checked: an alias as it is, a path made absolute (it must be an executable file). */
export function qemuList(raw: RawTargetOptions): string[] {
  const given = raw.qemu === undefined ? [] : Array.isArray(raw.qemu) ? raw.qemu : [raw.qemu];
  return given.map((q) => {
    if ((QEMU_ALIAS_NAMES as readonly string[]).includes(q)) return q;
    const path = resolve(q);
    let ok = false;
    try {
      ok = statSync(path).isFile();
      accessSync(path, constants.X_OK);
    } catch {
      ok = false;
    }
    if (!ok) fail(`--qemu ${q}: no executable file there (or an alias: ${QEMU_ALIAS_NAMES.join(', ')})`);
    return path;
  });
}
