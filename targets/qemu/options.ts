// The QEMU target's options (Case.options / TargetContext.options), with defaults.
import { existsSync } from 'node:fs';
import { SetupError } from './paths.ts';
import { QEMU_DEFAULTS } from './defaults.ts';
import { resolveQemu } from './versions.ts';

export interface QemuOptions {
  /** The QEMU binary (--qemu PATH|alias, or $COLO_CHAOS_QEMU); default: the fixed build in the cache. */
  qemu: string;
  accounts: number;
  memMb: number;
  /** x-checkpoint-delay, ms. */
  checkpointDelayMs: number;
  /**
   * 'on': the harness is the HA manager (detects peer loss, runs the failover procedure); 'off': only
   * observe (failover() refused). Option `manager`, else $COLO_CHAOS_QEMU_MANAGER, else on.
   */
  manager: boolean;
  /** The manager's own policy (failover on detected loss); off with --failover manual: only commands. */
  policy: boolean;
  /** A checkpoint that makes no progress this long is reported stalled (and, with the manager, the primary is lost). */
  stallMs: number;
  /** Block replication: a qcow2 disk on each side, the primary's writes forwarded over NBD. */
  disk: boolean;
  /** Record the checkpoint stream (primary side) into this gzip file at stop (decoder fixtures). */
  recordStream?: string;
}

type Raw = Record<string, string | number | boolean>;

function num(raw: Raw, key: string, dflt: number): number {
  const v = raw[key];
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new SetupError(`qemu option ${key}=${String(v)} is not a positive number`);
  return n;
}

/** The option keys this target reads (a typo like `-o stallms=...` must not be silently ignored). */
const KEYS = ['qemu', 'accounts', 'memMb', 'checkpointDelay', 'manager', 'stallMs', 'disk', 'recordStream'];

export async function resolveOptions(raw: Raw, failover: 'auto' | 'manual' = 'auto'): Promise<QemuOptions> {
  const unknown = Object.keys(raw).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) {
    throw new SetupError(`unknown qemu option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (known: ${KEYS.join(', ')})`);
  }
  const manager = raw.manager ?? process.env.COLO_CHAOS_QEMU_MANAGER ?? 'on';
  // an alias (fixed, stock, newer, newer-debian) is looked up once per process (versions.ts)
  const qemu = await resolveQemu(typeof raw.qemu === 'string' && raw.qemu ? raw.qemu : process.env.COLO_CHAOS_QEMU || 'fixed');
  if (!existsSync(qemu)) throw new SetupError(`QEMU missing: ${qemu} does not exist`);
  return {
    qemu,
    accounts: num(raw, 'accounts', QEMU_DEFAULTS.accounts),
    memMb: num(raw, 'memMb', QEMU_DEFAULTS.memMb),
    checkpointDelayMs: num(raw, 'checkpointDelay', QEMU_DEFAULTS.checkpointDelay),
    manager: manager !== 'off' && manager !== false,
    policy: failover === 'auto' && manager !== 'off' && manager !== false,
    stallMs: num(raw, 'stallMs', QEMU_DEFAULTS.stallMs),
    disk: raw.disk === true || raw.disk === 'on' || raw.disk === 'true',
    ...(typeof raw.recordStream === 'string' ? { recordStream: raw.recordStream } : {}),
  };
}
