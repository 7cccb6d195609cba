// CLI commands of the explore part: `shrink <run-dir> <case-id>` and `selftest`.
import type { Command } from 'commander';
import { faultWords, reproCommand } from '../../../reports/words.ts';
import { targetBugs } from '../../targets.ts';
import { ExitError, EXIT } from '../errors.ts';
import { onInterrupt } from '../interrupt.ts';
import { shrinkStored } from '../../explore/shrink-run.ts';
import { runSelftest } from '../../explore/selftest-run.ts';
import { formatSelftest } from '../../explore/selftest-table.ts';
import { NotReproducible } from '../../explore/shrink.ts';

function int(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new ExitError(EXIT.error, `${flag} "${text}" must be an integer from ${min} to ${max}`);
  return n;
}

const err = (m: string): void => { process.stderr.write(m + '\n'); };
const out = (m: string): void => { process.stdout.write(m + '\n'); };

export function registerShrink(program: Command): void {
  program.command('shrink')
    .description('reduce a failing case to the smallest schedule that still fails, and write it as a case repro runs')
    .argument('<run-dir>', 'a run directory (runs/<suite>/<timestamp> or runs/latest)')
    .argument('<case-id>', 'the failing case')
    .option('--runs <n>', 'runs per candidate (a flaky failure must still fail in most of them)', '3')
    .option('--final-runs <n>', 'runs of the shrunk case, for its reproduction rate', '5')
    .option('--max-runs <n>', 'stop trying candidates after this many case runs', '120')
    .option('--out <dir>', 'run store root', 'runs')
    .action(async (runDir: string, caseId: string, raw: { runs: string; finalRuns: string; maxRuns: string; out: string }) => {
      const runs = int('--runs', raw.runs, 1, 20);
      const finalRuns = int('--final-runs', raw.finalRuns, 1, 100);
      const maxRuns = int('--max-runs', raw.maxRuns, runs, 10_000);
      const interrupt = onInterrupt(err);
      try {
        const { result: r, dir } = await shrinkStored(runDir, caseId, {
          runs, finalRuns, maxRuns, out: raw.out, signal: interrupt.signal, log: (l) => err(`shrink: ${l}`), warn: (m) => err(`warning: ${m}`),
        });
        out(`original: ${r.original.faults.length} faults, failed ${r.originalReproduction.failures}/${r.originalReproduction.runs} on ${r.signature.join(', ')}`);
        out(`minimal:  ${r.minimal.faults.length} faults${r.exhausted ? ' (run budget spent: maybe not the smallest)' : ''}`);
        for (const f of r.minimal.faults) out(`  - ${faultWords(f)}${f.durationMs !== undefined ? ` for ${f.durationMs} ms` : ''}${f.params ? ` ${JSON.stringify(f.params)}` : ''}`);
        out(`fails ${r.reproduction.failures} of ${r.reproduction.runs} runs${r.reproduction.failures < r.reproduction.runs ? ' (flaky)' : ''}; ${r.runsUsed} case runs; run store ${dir}`);
        out(`repro: ${reproCommand(dir, r.minimal.id)}`);
        const code = interrupt.code();
        if (code !== null) throw new ExitError(code, 'interrupted');
        if (r.reproduction.failures === 0) throw new ExitError(EXIT.error, 'the shrunk case did not fail in its final runs: the failure is too flaky to shrink (see shrink.json)');
      } catch (e) {
        if (e instanceof NotReproducible) throw new ExitError(EXIT.error, e.message);
        throw e;
      } finally {
        interrupt.dispose();
      }
    });
}

export function registerSelftest(program: Command): void {
  program.command('selftest')
    .description('prove the harness on itself: every planted bug of colo-ref caught, no false alarm on the clean pair')
    .option('--full', 'run every case per bug, not only up to the first failing one')
    .option('--sample', 'smoke plus the cases known to catch a planted bug (fast)')
    .option('--no-shrink', 'do not shrink the first failing case of each bug')
    .option('--bugs <list>', 'comma-separated planted bugs (default: all)')
    .option('--seed <n>', 'seed of the bug runs', '1')
    .option('--clean-seeds <n>', 'clean-pair runs over seeds 1..n', '3')
    .option('--failover <mode>', 'auto | manual', 'auto')
    .option('--out <dir>', 'run store root', 'runs')
    .action(async (raw: { full?: boolean; sample?: boolean; shrink: boolean; bugs?: string; seed: string; cleanSeeds: string; failover: string; out: string }) => {
      if (raw.failover !== 'auto' && raw.failover !== 'manual') throw new ExitError(EXIT.error, `--failover "${raw.failover}" is not valid; valid: auto, manual`);
      const seed = int('--seed', raw.seed, 0, 0x7fffffff);
      const cleanSeeds = Array.from({ length: int('--clean-seeds', raw.cleanSeeds, 0, 100) }, (_, i) => i + 1);
      const bugs = raw.bugs ? raw.bugs.split(',').map((b) => b.trim()).filter(Boolean) : undefined;
      const valid = await targetBugs('colo-ref');
      const unknown = (bugs ?? []).filter((b) => !valid.includes(b));
      if (unknown.length) throw new ExitError(EXIT.error, `unknown bug "${unknown.join(', ')}" for target colo-ref; valid: ${valid.join(', ')}`);
      const interrupt = onInterrupt(err);
      try {
        const { report, dir } = await runSelftest({
          ...(bugs ? { bugs } : {}),
          full: !!raw.full, sample: !!raw.sample, shrink: raw.shrink, seed, cleanSeeds, out: raw.out, failover: raw.failover,
          signal: interrupt.signal, log: (l) => err(`selftest: ${l}`), warn: (m) => err(`warning: ${m}`),
        });
        out(formatSelftest(report));
        out(`run store ${dir}`);
        const code = interrupt.code();
        if (code !== null) throw new ExitError(code, 'interrupted');
        const ok = report.rows.every((x) => x.caught) && report.clean.falseAlarms.length === 0;
        if (!ok) throw new ExitError(EXIT.fail);
      } finally {
        interrupt.dispose();
      }
    });
}
