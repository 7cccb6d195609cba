// Finding a target's driver: a built-in name (targets/registry.ts) or the path of a driver file
// (`--target ./my/driver.ts`, loaded like a user suite). Nothing here knows a target by name.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TargetDriver } from '../core/model/target.ts';
import { BUILTIN_TARGETS, type BuiltinTarget } from '../targets/registry.ts';
import { importModule } from '../core/load-module.ts';

export const TARGET_NAMES = Object.keys(BUILTIN_TARGETS) as BuiltinTarget[];

export function isBuiltinTarget(name: string): name is BuiltinTarget {
  return Object.hasOwn(BUILTIN_TARGETS, name);
}

/** A path (it has a slash or a file extension), not a registry name. */
export function isTargetPath(name: string): boolean {
  return /[\\/]/.test(name) || /\.[cm]?[jt]s$/.test(name);
}

/** The name a case records: a built-in name as it is, a driver path made absolute (repro finds it from anywhere). */
export function targetId(name: string): string {
  return isTargetPath(name) ? resolve(name) : name;
}

/** One line for a target that is neither a built-in nor a driver file. */
export function checkTarget(name: string): string | null {
  if (isBuiltinTarget(name)) return null;
  if (!isTargetPath(name)) return `unknown target "${name}"; valid: ${TARGET_NAMES.join(', ')}, or a driver file (./path/driver.ts)`;
  return existsSync(resolve(name)) ? null : `--target ${name}: no driver file there`;
}

function isDriver(x: unknown): x is TargetDriver {
  return typeof x === 'object' && x !== null && typeof (x as TargetDriver).start === 'function' && typeof (x as TargetDriver).proxies === 'function';
}

/** The module's `driver` export, a default export, any TargetDriver export, or a create*Driver function's. */
function driverOf(mod: Record<string, unknown>): TargetDriver | undefined {
  for (const key of ['driver', 'default']) if (isDriver(mod[key])) return mod[key];
  for (const [key, value] of Object.entries(mod)) {
    if (isDriver(value)) return value;
    if (typeof value === 'function' && /^create\w*Driver$/.test(key)) {
      const made = (value as () => unknown)();
      if (isDriver(made)) return made;
    }
  }
  return undefined;
}

const loaded = new Map<string, Promise<TargetDriver>>();

/** Load a target's driver (once per process). */
export function loadDriver(name: string): Promise<TargetDriver> {
  const id = targetId(name);
  let p = loaded.get(id);
  if (!p) {
    p = load(id);
    loaded.set(id, p);
    p.catch(() => loaded.delete(id));
  }
  return p;
}

async function load(id: string): Promise<TargetDriver> {
  const problem = checkTarget(id);
  if (problem) throw new Error(problem);
  let mod: Record<string, unknown>;
  try {
    mod = isBuiltinTarget(id) ? ((await BUILTIN_TARGETS[id]()) as Record<string, unknown>) : await importModule(id);
  } catch (e) {
    throw new Error(`target ${id} cannot be loaded: ${(e as Error).message}`);
  }
  const driver = driverOf(mod);
  if (!driver) throw new Error(`target ${id}: its driver module exports no TargetDriver (looked for driver, default, create*Driver)`);
  // a driver from a file is known by its path: cases record it, repro loads it again
  return isBuiltinTarget(id) || driver.name === id ? driver : Object.assign(Object.create(driver) as TargetDriver, { name: id });
}

/** The planted bugs a target declares (its driver's bugs). */
export async function targetBugs(target: string): Promise<readonly string[]> {
  return (await loadDriver(target)).bugs ?? [];
}
