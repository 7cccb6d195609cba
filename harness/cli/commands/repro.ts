// colo-chaos repro <run-dir> <case-id>: run one stored case again, print its verdict.
import type { Command } from 'commander';
import { findCase, reproduce } from '../../suite/repro.ts';
import { addTargetOptions, parseTargetOptions, type RawTargetOptions } from '../target-options.ts';
import { compose } from '../../checkers/index.ts';
import { ExitError, EXIT } from '../errors.ts';
import { onInterrupt } from '../interrupt.ts';

export function registerRepro(program: Command): void {
  addTargetOptions(program.command('repro')
    .description('run one case of a stored run again (same seed, same schedule)')
    .argument('<run-dir>', 'a run directory (runs/<suite>/<timestamp> or runs/latest)')
    .argument('<case-id>', 'the case id')
    .option('--runs <n>', 'how many times (the reproduction rate is stored in run.json)', '1')
    .option('--repeat <n>', 'the same as --runs')
    .option('--out <dir>', 'run store root', 'runs'))
    .action(async (runDir: string, caseId: string, raw: { runs: string; repeat?: string; out: string } & RawTargetOptions) => {
      const runs = Number(raw.repeat ?? raw.runs);
      if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new ExitError(EXIT.error, `--runs "${raw.repeat ?? raw.runs}" must be an integer from 1 to 100`);
      const stored = await findCase(runDir, caseId).catch((e: Error) => { throw new ExitError(EXIT.error, e.message); });
      const targetOptions = await parseTargetOptions(raw, stored.result.case.target);
      const interrupt = onInterrupt((m) => process.stderr.write(m + '\n'));
      try {
        const { results, dir, original, alarm } = await reproduce(runDir, stored, { runs, out: raw.out, signal: interrupt.signal, ...(Object.keys(targetOptions).length ? { targetOptions } : {}), warn: (m) => process.stderr.write(`warning: ${m}\n`) });
        for (const r of results) {
          process.stdout.write(`${r.id}: ${r.verdict}${r.violations.map((v) => `\n  [${v.check}] ${v.message}`).join('')}${r.error ? `\n  error: ${r.error}` : ''}\n`);
        }
        const failures = results.filter((r) => r.verdict === 'fail').length;
        process.stdout.write(`original verdict ${original.verdict}; reproduced ${failures}/${results.length} failing; run store ${dir}\n`);
        // the rate is in run.json (CaseResult.reproduction); a clean-pair failure is an alarm, never retried away
        if (alarm) process.stderr.write(`${alarm}\n`);
        const code = interrupt.code();
        if (code !== null) throw new ExitError(code, 'interrupted');
        const verdict = compose(results.flatMap((r) => (r.verdict === 'interrupted' ? [] : [r.verdict])));
        throw new ExitError(verdict === 'pass' ? EXIT.pass : verdict === 'fail' ? EXIT.fail : EXIT.error);
      } finally {
        interrupt.dispose();
      }
    });
}
