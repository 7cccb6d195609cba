// `run --json`: one JSON object per line (NDJSON) for tools that follow a run, written as things
// happen: run-start, case-start, then per case landed and verdict (skipped for a case that never
// starts), run-end last (written by the CLI, which knows the exit code).
import type { CaseResult, SkippedCase } from '../../core/model/run.ts';
import type { Progress } from './progress.ts';

export type RunEvent =
  | { event: 'run-start'; suite: string; target: string; seed: number; cases: number }
  | { event: 'case-start'; id: string }
  | { event: 'landed'; id: string; landed: CaseResult['landed']; landedInPhase: boolean }
  | { event: 'verdict'; id: string; verdict: CaseResult['verdict']; violations: CaseResult['violations']; error?: string; durationMs: number }
  | ({ event: 'skipped' } & SkippedCase)
  | { event: 'run-end'; runDir: string; summary: Record<string, number>; partial: boolean; exitCode: number; reports: string[] };

export function eventLine(e: RunEvent, now = new Date()): string {
  return JSON.stringify({ ...e, time: now.toISOString() }) + '\n';
}

export function jsonProgress(write: (line: string) => void, run: { suite: string; target: string; seed: number }): Progress {
  const emit = (e: RunEvent): void => write(eventLine(e));
  return {
    start: (total) => emit({ event: 'run-start', ...run, cases: total }),
    caseStart: (id) => emit({ event: 'case-start', id }),
    caseEnd(r) {
      emit({ event: 'landed', id: r.id, landed: r.landed, landedInPhase: r.landedInPhase });
      emit({ event: 'verdict', id: r.id, verdict: r.verdict, violations: r.violations, ...(r.error ? { error: r.error } : {}), durationMs: r.durationMs });
    },
    caseSkipped: (s) => emit({ event: 'skipped', ...s }),
    end: () => undefined,
  };
}

/** Both displays: the human one (stderr) and the events (stdout). */
export function bothProgress(a: Progress, b: Progress): Progress {
  return {
    start: (n) => { a.start(n); b.start(n); },
    caseStart: (id) => { a.caseStart(id); b.caseStart(id); },
    caseEnd: (r) => { a.caseEnd(r); b.caseEnd(r); },
    caseSkipped: (s) => { a.caseSkipped?.(s); b.caseSkipped?.(s); },
    end: () => { a.end(); b.end(); },
  };
}
