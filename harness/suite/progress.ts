// Progress display: a live bar on a TTY, one plain line per case otherwise (or when CI=true).
import type { CaseResult, SkippedCase } from '../../core/model/run.ts';

export interface Progress {
  start(total: number): void;
  caseStart(id: string): void;
  caseEnd(result: CaseResult): void;
  /** A selected case that will not run (time budget, interrupt). */
  caseSkipped?(s: SkippedCase): void;
  end(): void;
}

export function makeProgress(stream: NodeJS.WriteStream = process.stderr, env: NodeJS.ProcessEnv = process.env): Progress {
  const live = Boolean(stream.isTTY) && env.CI !== 'true' && env.CI !== '1';
  let total = 0;
  let done = 0;
  const counts = { pass: 0, fail: 0, unknown: 0, interrupted: 0 };
  const t0 = Date.now();
  const line = (current: string): string => {
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : 0;
    return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} pass ${counts.pass} fail ${counts.fail} unknown ${counts.unknown} ${((Date.now() - t0) / 1000).toFixed(0)}s ${current}`;
  };
  const draw = (current: string): void => { if (live) stream.write(`\r\x1b[2K${line(current).slice(0, (stream.columns ?? 120) - 1)}`); };
  return {
    start(n) { total = n; if (!live) stream.write(`running ${n} cases\n`); draw(''); },
    caseStart(id) { draw(id); },
    caseEnd(r) {
      done++;
      counts[r.verdict]++;
      const tag = r.verdict === 'pass' ? 'ok  ' : r.verdict === 'fail' ? 'FAIL' : r.verdict === 'interrupted' ? 'INT ' : '??  ';
      const why = r.verdict === 'pass' ? '' : `: ${r.violations.map((v) => `[${v.check}] ${v.message}`).join(' | ') || r.error || 'unknown'}`;
      const msg = `${tag} ${r.id} (${(r.durationMs / 1000).toFixed(1)} s)${why}`;
      if (live) {
        if (r.verdict !== 'pass') stream.write(`\r\x1b[2K${msg}\n`);
        draw('');
      } else stream.write(`${msg}\n`);
    },
    end() { if (live) stream.write(`\r\x1b[2K${line('done')}\n`); },
  };
}
