// colo-chaos compare: the same suite (default: the phase matrix) over several designs of colo-ref
// (option sets, e.g. "cache=bounded:256", "stream=single,ram-channels=2"), or existing run dirs
// (--run NAME=DIR), plus the cost of each design under one workload; one report,
// <out>/compare/<timestamp>/compare.md. Exit 1 when a design fails a case (a finding), 2 on error.
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { runSuite } from '../../suite/run-suite.ts';
import { makeProgress } from '../../suite/progress.ts';
import { parseRunConfig } from '../config.ts';
import { targetBugs } from '../../targets.ts';
import { ExitError, EXIT } from '../errors.ts';
import { onInterrupt } from '../interrupt.ts';
import { loadRun } from '../../../reports/load.ts';
import { timestampName, writeAtomic } from '../../../reports/store.ts';
import { exitCodeOf } from './run.ts';
import { measureCost, type Cost, type Design } from '../../compare/cost.ts';
import { compareMarkdown, type DesignRun } from '../../compare/report.ts';

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** "default" -> {}; "cache=bounded:256,stream=single" -> its options (numbers as numbers). */
export function parseDesign(spec: string): Design {
  if (spec === 'default') return {};
  const out: Design = {};
  for (const kv of spec.split(',')) {
    const m = /^([a-z][\w-]*)=([^,=]+)$/.exec(kv.trim());
    if (!m) throw new ExitError(EXIT.error, `--design "${spec}": "${kv}" must look like key=value (e.g. cache=bounded:256), or the whole spec "default"`);
    out[m[1]!] = /^\d+$/.test(m[2]!) ? Number(m[2]) : m[2]!;
  }
  return out;
}

export function registerCompare(program: Command): void {
  program.command('compare')
    .description('run the same matrix over several colo-ref designs and write one side-by-side report')
    .option('--design <spec>', 'a design: "default" or key=value[,key=value] (repeatable, in order)', collect)
    .option('--run <name=dir>', 'an existing run dir as a design (repeatable; instead of running it; the last = splits)', collect)
    .option('--suite <name>', 'the suite each design runs', 'phase-matrix')
    .option('--seed <n>', 'run seed (the same for every design)', '1')
    .option('--jobs <n>', 'cases at the same time', '1')
    .option('--out <dir>', 'run store root', 'runs')
    .option('--case <ids>', 'only these case ids')
    .option('--cost-seconds <n>', 'workload time of each cost measurement (0: no cost table)', '10')
    .option('--cost-pages <n>', 'guest pages of the cost measurement', '16384')
    .action(async (raw: Record<string, string | string[] | undefined>) => {
      const specs = (raw.design as string[] | undefined) ?? [];
      const given = (raw.run as string[] | undefined) ?? [];
      if (specs.length + given.length < 2) throw new ExitError(EXIT.error, 'compare needs at least two designs (--design SPEC or --run NAME=DIR)');
      const designs: DesignRun[] = [];
      for (const r of given) {
        // the last '=' splits: a design's own name may hold some (cache=bounded:128=runs/x)
        const i = r.lastIndexOf('=');
        if (i < 1) throw new ExitError(EXIT.error, `--run "${r}" must look like NAME=DIR`);
        const loaded = await loadRun(r.slice(i + 1)).catch((e: Error) => { throw new ExitError(EXIT.error, e.message); });
        const options = (loaded.run.targetConfig?.options ?? {}) as DesignRun['options'];
        designs.push({ name: r.slice(0, i), options, dir: loaded.dir, run: loaded.run });
      }
      const interrupt = onInterrupt((m) => process.stderr.write(m + '\n'));
      try {
        for (const spec of specs) {
          const design = parseDesign(spec);
          const config = await parseRunConfig({
            suite: raw.suite, seed: raw.seed, jobs: raw.jobs, out: raw.out, ...(raw.case ? { case: raw.case } : {}),
            targetOption: Object.entries(design).map(([k, v]) => `${k}=${v}`),
          }, targetBugs);
          process.stderr.write(`colo-chaos compare: design ${spec}\n`);
          const { run, dir } = await runSuite({ ...config, progress: makeProgress(), signal: interrupt.signal, warn: (m) => process.stderr.write(`warning: ${m}\n`) });
          designs.push({ name: spec, options: design, dir: resolve(dir), run });
          if (interrupt.code() !== null) throw new ExitError(interrupt.code()!, 'interrupted');
        }
        const seconds = Number(raw.costSeconds);
        const pages = Number(raw.costPages);
        if (!(seconds >= 0) || !(pages >= 16)) throw new ExitError(EXIT.error, '--cost-seconds must be >= 0 and --cost-pages >= 16');
        const costs: Array<[string, Cost]> = [];
        for (const d of seconds > 0 ? designs : []) {
          process.stderr.write(`colo-chaos compare: cost of ${d.name}\n`);
          const own = Object.fromEntries(Object.entries(d.options).filter(([k]) => ['cache', 'stream', 'ram-channels'].includes(k))) as Design;
          costs.push([d.name, await measureCost(own, { pages, seconds, seed: Number(raw.seed) })]);
        }
        const dir = join(String(raw.out), 'compare', timestampName());
        await mkdir(dir, { recursive: true });
        await writeAtomic(join(dir, 'compare.md'), compareMarkdown(designs, costs));
        await writeAtomic(join(dir, 'compare.json'), JSON.stringify({ designs: designs.map((d) => ({ name: d.name, options: d.options, dir: d.dir, summary: d.run.summary })), costs }, null, 2) + '\n');
        process.stdout.write(`compare report: ${join(dir, 'compare.md')}\n`);
        const codes = designs.map((d) => exitCodeOf(d.run.summary));
        throw new ExitError(codes.includes(EXIT.fail) ? EXIT.fail : Math.max(...codes));
      } finally {
        interrupt.dispose();
      }
    });
}
