// The target registry: name -> lazy loader, so colo-ref runs without QEMU code loaded.
import type { TargetName } from './model/case.ts';
import type { TargetDriver } from './model/target.ts';

export const TARGET_NAMES = ['colo-ref', 'qemu'] as const satisfies readonly TargetName[];

type DriverModule = Record<string, unknown>;

// resolved at run time: a target's code is loaded only when it is chosen
const DRIVER_FILES: Record<TargetName, string> = {
  'colo-ref': '../targets/colo-ref/driver.ts',
  qemu: '../targets/qemu/driver.ts',
};

// where a target's guest defines its response hash, for drivers that do not expose responseHash
const HASH_FILES: Partial<Record<TargetName, string>> = { 'colo-ref': '../targets/colo-ref/guest/digest.ts' };

async function withResponseHash(name: TargetName, driver: TargetDriver): Promise<TargetDriver> {
  const file = HASH_FILES[name];
  if (driver.responseHash || !file) return driver;
  const mod = (await import(new URL(file, import.meta.url).href)) as { responseHash?: (line: string) => string };
  return mod.responseHash ? Object.assign(Object.create(driver) as TargetDriver, { responseHash: mod.responseHash }) : driver;
}

export function driverUrl(name: TargetName): string {
  return new URL(DRIVER_FILES[name], import.meta.url).href;
}

function isDriver(x: unknown): x is TargetDriver {
  return typeof x === 'object' && x !== null && typeof (x as TargetDriver).start === 'function' && typeof (x as TargetDriver).proxies === 'function';
}

/** Load a target's driver: the module's `driver` export, a default export, or a create function. */
export async function loadDriver(name: TargetName): Promise<TargetDriver> {
  let mod: DriverModule;
  try {
    mod = (await import(driverUrl(name))) as DriverModule;
  } catch (e) {
    throw new Error(`target ${name} cannot be loaded: ${(e as Error).message}`);
  }
  for (const key of ['driver', 'default']) if (isDriver(mod[key])) return withResponseHash(name, mod[key]);
  for (const [key, value] of Object.entries(mod)) {
    if (isDriver(value)) return withResponseHash(name, value);
    if (typeof value === 'function' && /^create\w*Driver$/.test(key)) {
      const made = (value as () => unknown)();
      if (isDriver(made)) return withResponseHash(name, made);
    }
  }
  throw new Error(`target ${name}: its driver module exports no TargetDriver (looked for driver, default, create*Driver)`);
}
