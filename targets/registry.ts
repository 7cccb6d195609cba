// The built-in targets: one line each, a lazy import of the target's driver module, so a run
// loads only the target it drives. Everything else a target has to say is a field of its driver
// (core's TargetDriver); harness/targets.ts loads from here, or a driver file given by path.
export const BUILTIN_TARGETS = {
  'colo-ref': () => import('./colo-ref/driver.ts'),
  qemu: () => import('./qemu/driver.ts'),
} as const satisfies Record<string, () => Promise<object>>;

export type BuiltinTarget = keyof typeof BUILTIN_TARGETS;
