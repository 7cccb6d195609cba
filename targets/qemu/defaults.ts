// The QEMU target's option defaults, in a module of their own: the schedule space
// (harness/explore/space.ts) reads them without loading the driver.
export const QEMU_DEFAULTS = { accounts: 64, memMb: 128, checkpointDelay: 1000, stallMs: 1500 } as const;
