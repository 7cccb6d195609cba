// Command-line options -> validated run config (zod). Every problem becomes ONE line that says
// what is wrong and what is valid.
import { z } from 'zod';
import { DEFAULT_TIMING, type CaseTiming } from '../runner/timing.ts';
import { freshSeed } from '../../core/random.ts';
import { checkTarget, loadDriver, targetId } from '../targets.ts';
import { parseDuration } from './duration.ts';
import { resolveSuite } from '../suite/resolve.ts';
import { ExitError, EXIT } from './errors.ts';
import { matrixValues, parseTargetOptions, type TargetOptions } from './target-options.ts';
import { matrixColumns, type MatrixColumn } from '../suite/option-matrix.ts';

/** Random (core/random.ts) seeds its generator with `seed | 0` and forks with 32-bit hashes. */
export const MAX_SEED = 0xffffffff;

export interface RunConfig {
  suite: string;
  /** A built-in target's name, or the absolute path of a driver file. */
  target: string;
  bug?: string;
  seed: number;
  out: string;
  shard?: { index: number; count: number };
  timeBudgetMs?: number;
  failover: 'auto' | 'manual';
  jobs: number;
  caseTimeoutMs: number;
  timing: CaseTiming;
  /** Only these case ids. */
  only?: string[];
  /** The targets' flags (--qemu, --manager), -o key=value: override the suite's case options. */
  targetOptions?: TargetOptions;
  /** A matrix flag (--qemu) given more than once: every case runs on each value (the version matrix). */
  matrix?: MatrixColumn[];
}

const duration = (flag: string) => z.string().transform((s, ctx) => {
  const ms = parseDuration(s);
  if (ms === null || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `${flag} "${s}" is not a duration; use e.g. 500ms, 90s, 10m, 2h` });
    return z.NEVER;
  }
  return ms;
});

const RawRun = z.object({
  suite: z.string({ error: '--suite is required (a suite name or a path to a suite file)' }).min(1),
  target: z.string().default('colo-ref').superRefine((t, ctx) => {
    const problem = checkTarget(t);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }).transform(targetId),
  bug: z.string().optional(),
  seed: z.string().regex(/^\d+$/, { error: (i) => `--seed "${String(i.input)}" is not a non-negative integer` }).transform(Number)
    .refine((n) => n <= MAX_SEED, `--seed must be at most ${MAX_SEED} (the generator takes 32 bits; a larger seed would wrap)`).optional(),
  out: z.string().default('runs'),
  shard: z.string().regex(/^\d+\/\d+$/, { error: (i) => `--shard "${String(i.input)}" must look like i/n, e.g. 1/4` }).transform((s) => {
    const [index, count] = s.split('/').map(Number) as [number, number];
    return { index, count };
  }).refine((s) => s.count >= 1 && s.index >= 1 && s.index <= s.count, '--shard i/n needs 1 <= i <= n').optional(),
  timeBudget: duration('--time-budget').optional(),
  failover: z.enum(['auto', 'manual'], { error: (i) => `--failover "${String(i.input)}" is not valid; valid: auto, manual` }).default('auto'),
  jobs: z.string().regex(/^[1-8]$/, { error: (i) => `--jobs "${String(i.input)}" must be an integer from 1 to 8` }).transform(Number).default(1),
  caseTimeout: duration('--case-timeout').default(60_000),
  livenessBound: duration('--liveness-bound').optional(),
  landTimeout: duration('--land-timeout').optional(),
  case: z.string().transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .refine((ids) => ids.length > 0, '--case names no case id; give one or more, comma-separated (see colo-chaos list --suite NAME)').optional(),
  targetOption: z.array(z.string()).optional(),
}).passthrough(); // the targets' own flags (--qemu, --manager): target-options.ts checks them

/** One line per problem, first one thrown as an ExitError(2). */
export function oneLine(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const where = issue.path.length ? `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ` : '';
  return issue.message.startsWith('--') || issue.message.startsWith('unknown') ? issue.message : `${where}${issue.message}`;
}

export async function parseRunConfig(raw: Record<string, unknown>, validBugs: (target: string) => Promise<readonly string[]>): Promise<RunConfig> {
  const r = RawRun.safeParse(raw);
  if (!r.success) throw new ExitError(EXIT.error, oneLine(r.error));
  const o = r.data;
  try {
    resolveSuite(o.suite);
  } catch (e) {
    throw new ExitError(EXIT.error, (e as Error).message);
  }
  if (o.bug !== undefined) {
    const bugs = await validBugs(o.target);
    if (!bugs.includes(o.bug)) {
      throw new ExitError(EXIT.error, bugs.length ? `unknown bug "${o.bug}" for target ${o.target}; valid: ${bugs.join(', ')}` : `target ${o.target} has no planted bugs`);
    }
  }
  const targetOptions = await parseTargetOptions(o, o.target, true);
  const several = await matrixValues(o, o.target);
  const columns = several ? await matrixColumns(several.option, several.values).catch((e: Error) => { throw new ExitError(EXIT.error, e.message); }) : null;
  const livenessMs = o.livenessBound ?? (await loadDriver(o.target)).caseDefaults?.livenessMs;
  return {
    suite: o.suite, target: o.target, ...(o.bug ? { bug: o.bug } : {}), seed: o.seed ?? freshSeed(), out: o.out,
    ...(o.shard ? { shard: o.shard } : {}), ...(o.timeBudget !== undefined ? { timeBudgetMs: o.timeBudget } : {}),
    failover: o.failover, jobs: o.jobs, caseTimeoutMs: o.caseTimeout, ...(o.case ? { only: o.case } : {}),
    ...(Object.keys(targetOptions).length ? { targetOptions } : {}), ...(columns ? { matrix: columns } : {}),
    timing: { ...DEFAULT_TIMING, ...(livenessMs !== undefined ? { livenessMs } : {}), ...(o.landTimeout !== undefined ? { landMs: o.landTimeout } : {}) },
  };
}
