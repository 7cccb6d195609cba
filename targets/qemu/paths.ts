// Where the QEMU target keeps its cache, and the error type for bad setups (one clear line).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** A setup problem (QEMU missing, patch does not apply, kernel missing, guest never ready). */
export class SetupError extends Error {
  override name = 'SetupError';
}

export function cacheRoot(): string {
  return process.env.COLO_CHAOS_CACHE ?? join(homedir(), '.cache', 'colo-chaos');
}

/** Debian's firmware and option ROMs, used with -L by a QEMU built with another prefix. */
export const DATA_DIRS = ['/usr/share/qemu', '/usr/share/seabios'];

/** The stock Debian binary (qemu-system-x86). */
export const STOCK_QEMU = '/usr/bin/qemu-system-x86_64';
