// colo-chaos.config.ts: the settings a nightly (or any) run uses every time, so its cron line or
// CI job stays short. Keys are the `run` flags in camelCase; a flag given on the command line
// wins over the file. Checked with zod: a wrong key or value is one line naming the file.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { importDefault } from '../../core/load-module.ts';
import { ExitError, EXIT } from './errors.ts';

const text = z.string().min(1);
const duration = z.union([text, z.number().positive()]).transform(String);
const ConfigShape = z.strictObject({
  suite: text.optional(),
  target: text.optional(),
  bug: text.optional(),
  seed: z.union([z.number().int().nonnegative(), text]).transform(String).optional(),
  out: text.optional(),
  shard: text.optional(),
  timeBudget: duration.optional(),
  failover: z.enum(['auto', 'manual']).optional(),
  jobs: z.number().int().min(1).max(8).transform(String).optional(),
  caseTimeout: duration.optional(),
  livenessBound: duration.optional(),
  case: z.array(text).transform((ids) => ids.join(',')).optional(),
  qemu: text.optional(),
  manager: z.enum(['on', 'off']).optional(),
  /** -o key=value, as an object. */
  targetOptions: z.record(z.string().regex(/^[A-Za-z][\w-]*$/), z.union([z.string(), z.number(), z.boolean()])).optional(),
});

/** What a config file holds: the `run` flags, camelCase; durations as '90s', '3h' (a number is seconds). */
export type ColoChaosConfig = z.input<typeof ConfigShape>;

/** For colo-chaos.config.ts: `export default defineConfig({ suite: 'nightly', timeBudget: '3h' })`. */
export function defineConfig(config: ColoChaosConfig): ColoChaosConfig {
  return config;
}

export const CONFIG_FILE = 'colo-chaos.config.ts';

/** The config as raw flag values (as commander would give them), or {} when there is no file. */
export async function loadConfigFile(given: string | undefined, cwd = process.cwd()): Promise<Record<string, unknown>> {
  const file = resolve(cwd, given ?? CONFIG_FILE);
  if (!existsSync(file)) {
    if (given !== undefined) throw new ExitError(EXIT.error, `--config ${given}: no such file`);
    return {};
  }
  let raw: unknown;
  try {
    raw = await importDefault(file);
  } catch (e) {
    throw new ExitError(EXIT.error, `${file}: ${(e as Error).message}`);
  }
  const r = ConfigShape.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    const where = i.path.length ? `${i.path.join('.')}: ` : '';
    const what = i.code === 'unrecognized_keys' ? `unknown setting ${i.keys.map((k) => `"${k}"`).join(', ')}; valid: ${Object.keys(ConfigShape.shape).join(', ')}` : i.message;
    throw new ExitError(EXIT.error, `${file}: ${where}${what}`);
  }
  const { targetOptions, ...rest } = r.data;
  return { ...rest, ...(targetOptions ? { targetOption: Object.entries(targetOptions).map(([k, v]) => `${k}=${String(v)}`) } : {}) };
}

/**
 * Flags over the file over commander's defaults: a value commander filled in by default gives
 * way to the file's; -o pairs add up (the command line's last, so they win).
 */
export function mergeFlags(raw: Record<string, unknown>, source: (key: string) => string | undefined, file: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...raw };
  for (const [k, v] of Object.entries(file)) {
    if (k === 'targetOption') out[k] = [...(v as string[]), ...((raw[k] as string[] | undefined) ?? [])];
    else if (raw[k] === undefined || source(k) === 'default') out[k] = v;
  }
  return out;
}
