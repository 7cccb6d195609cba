// Command line of one replica (TARGET-PROTOCOL §1): commander parses, zod validates.
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { BUGS, type Bug } from './bugs.ts';

const port = z.coerce.number().int().min(1).max(65535);
const addr = z.string().regex(/^[^:\s]+:\d{1,5}$/, 'expected HOST:PORT');
const ms = z.coerce.number().int().min(1);
/** Smallest cache budget: its two shares (secondary 1/4, primary 1/2) must leave room for one request's pages. */
export const MIN_BUDGET = 64;
const cache = z.string().regex(/^(unbounded|bounded:\d+)$/, 'expected unbounded or bounded:PAGES').transform((v, ctx) => {
  const budget = v === 'unbounded' ? undefined : Number(v.slice('bounded:'.length));
  if (budget !== undefined && budget < MIN_BUDGET) ctx.addIssue({ code: 'custom', message: `a budget of ${budget} pages is below the minimum ${MIN_BUDGET}` });
  return { budget };
});
const commaList = z.string().transform((v) => v.split(','));
/** --heartbeat-timeout when none is given: the secondary takes over after this much silence. */
export const HEARTBEAT_TIMEOUT_MS = 1000;

const Schema = z.object({
  role: z.enum(['primary', 'secondary']),
  control: addr,
  clientListen: port,
  checkpointListen: port.optional(),
  checkpointConnect: addr.optional(),
  mirrorListen: port.optional(),
  mirrorConnect: addr.optional(),
  svmOutListen: port.optional(),
  svmOutConnect: addr.optional(),
  heartbeatListen: port.optional(),
  heartbeatConnect: addr.optional(),
  /** RAM channels (ram-channels > 1): one listen port / connect address per channel, comma-separated. */
  ramListen: z.string().transform((v) => v.split(',').map(Number)).pipe(z.array(z.number().int().min(1).max(65535)).min(1)).optional(),
  ramConnect: commaList.pipe(z.array(addr).min(1)).optional(),
  pages: z.coerce.number().int().min(16).max(262144).default(4096),
  accounts: z.coerce.number().int().min(2).max(65536).default(64),
  checkpointDelay: ms.default(2000),
  compareTimeout: ms.default(300),
  maxQueue: z.coerce.number().int().min(1).default(1024),
  nonceRate: z.coerce.number().min(0).max(1).default(0.1),
  writePages: z.coerce.number().int().min(0).max(4096).default(0),
  failover: z.enum(['auto', 'manual']).default('auto'),
  heartbeatInterval: ms.default(100),
  heartbeatTimeout: ms.default(HEARTBEAT_TIMEOUT_MS),
  lease: ms.default(600),
  stallTimeout: ms.default(2000),
  connectTimeout: ms.default(10000),
  seed: z.coerce.number().int().default(1),
  /** Design options (issue 15); the defaults are QEMU's design. */
  cache: cache.prefault('unbounded'),
  stream: z.enum(['size-prefixed', 'single']).default('size-prefixed'),
  ramChannels: z.coerce.number().int().min(1).max(8).default(1),
  bug: z.array(z.enum(BUGS as unknown as [Bug, ...Bug[]])).default([]),
});
export type Options = z.infer<typeof Schema>;

const NEEDS: Record<'primary' | 'secondary', Array<keyof Options>> = {
  primary: ['checkpointConnect', 'mirrorConnect', 'svmOutListen', 'heartbeatConnect'],
  secondary: ['checkpointListen', 'mirrorListen', 'svmOutConnect', 'heartbeatListen'],
};

const flag = (k: string) => '--' + k.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Parse argv (without node and script); throws an Error with one clear line on bad input. */
export function parseOptions(argv: string[]): Options {
  const cmd = new Command('colo-ref')
    .exitOverride()
    .configureOutput({ writeErr: () => {}, writeOut: () => {} })
    .requiredOption('--role <role>')
    .requiredOption('--control <addr>')
    .requiredOption('--client-listen <port>');
  for (const k of Object.keys(Schema.shape)) {
    if (['role', 'control', 'clientListen', 'bug'].includes(k)) continue;
    cmd.option(`${flag(k)} <value>`);
  }
  cmd.option('--bug <name>', 'planted bug (repeatable)', (v: string, prev: string[] = []) => {
    if (!(BUGS as readonly string[]).includes(v)) {
      throw new InvalidArgumentError(`unknown bug "${v}"; valid: ${BUGS.join(', ')}`);
    }
    return [...prev, v];
  });
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (e) {
    throw new Error((e as Error).message.replace(/^error: /, ''));
  }
  const r = Schema.safeParse(cmd.opts());
  if (!r.success) {
    const i = r.error.issues[0];
    throw new Error(`${flag(String(i?.path[0] ?? '?'))}: ${i?.message}`);
  }
  const o = r.data;
  for (const k of NEEDS[o.role]) if (o[k] === undefined) throw new Error(`${flag(k)} is required for --role ${o.role}`);
  if (o.cache.budget !== undefined && o.cache.budget > o.pages) throw new Error(`--cache bounded:${o.cache.budget} is larger than the guest (${o.pages} pages)`);
  const ramLinks = o.role === 'primary' ? o.ramConnect : o.ramListen;
  const ramFlag = o.role === 'primary' ? '--ram-connect' : '--ram-listen';
  if (o.ramChannels > 1 && ramLinks?.length !== o.ramChannels) throw new Error(`${ramFlag} needs ${o.ramChannels} entries for --ram-channels ${o.ramChannels}`);
  if (o.role === 'primary' && o.lease >= o.heartbeatTimeout) {
    throw new Error(`--lease (${o.lease}) must be smaller than --heartbeat-timeout (${o.heartbeatTimeout})`);
  }
  return o;
}

export function splitAddr(a: string): { host: string; port: number } {
  const i = a.lastIndexOf(':');
  return { host: a.slice(0, i), port: Number(a.slice(i + 1)) };
}
