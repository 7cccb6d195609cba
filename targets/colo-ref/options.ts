// Command line of one replica (TARGET-PROTOCOL §1): commander parses, zod validates.
import { Command, InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { BUGS, type Bug } from './bugs.ts';

const port = z.coerce.number().int().min(1).max(65535);
const addr = z.string().regex(/^[^:\s]+:\d{1,5}$/, 'expected HOST:PORT');
const ms = z.coerce.number().int().min(1);

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
  pages: z.coerce.number().int().min(16).max(262144).default(4096),
  accounts: z.coerce.number().int().min(2).max(65536).default(64),
  checkpointDelay: ms.default(2000),
  compareTimeout: ms.default(300),
  maxQueue: z.coerce.number().int().min(1).default(1024),
  nonceRate: z.coerce.number().min(0).max(1).default(0.1),
  failover: z.enum(['auto', 'manual']).default('auto'),
  heartbeatInterval: ms.default(100),
  heartbeatTimeout: ms.default(1000),
  lease: ms.default(600),
  stallTimeout: ms.default(2000),
  connectTimeout: ms.default(10000),
  seed: z.coerce.number().int().default(1),
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
  if (o.role === 'primary' && o.lease >= o.heartbeatTimeout) {
    throw new Error(`--lease (${o.lease}) must be smaller than --heartbeat-timeout (${o.heartbeatTimeout})`);
  }
  return o;
}

export function splitAddr(a: string): { host: string; port: number } {
  const i = a.lastIndexOf(':');
  return { host: a.slice(0, i), port: Number(a.slice(i + 1)) };
}
