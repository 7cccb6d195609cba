// What the report's script knows about each case (embedded once as JSON); timelines are
// embedded separately per case and parsed only when a case is opened.
import type { CaseResult, RunJson } from '../../core/model/run.ts';
import { caseFaultWords, landedWords, possibleHarnessBug, reproCommand, reproductionWords, violationWords } from '../words.ts';

export interface ClientCase {
  id: string;
  verdict: string;
  role: string;
  phase: string;
  fault: string;
  faults: string;
  landed: string;
  violations: string[];
  repro: string;
  harnessBug: boolean;
  reproduction: string | null;
  checks: Array<[string, string]>;
  /** [n, downtimeMs, bytes, dirtyPages] */
  checkpoints: Array<[number, number, number, number]>;
  durationMs: number;
  seed: number;
  hasEvents: boolean;
  /** Links (relative to report.html) to the case's other stored files: replica logs, ... */
  files: Array<[string, string]>;
}

export function clientCase(run: RunJson, runDir: string, c: CaseResult, hasEvents: boolean, files: readonly string[]): ClientCase {
  return {
    id: c.id, verdict: c.verdict, role: c.role, phase: c.phase, fault: c.fault,
    faults: caseFaultWords(c), landed: landedWords(c), violations: violationWords(c),
    repro: reproCommand(runDir, c.id), harnessBug: possibleHarnessBug(run, c), reproduction: reproductionWords(c),
    checks: (c.checks ?? []).map((k) => [k.check, k.verdict]),
    checkpoints: (c.checkpoints ?? []).map((s) => [s.n, s.downtimeMs, s.bytes, s.dirtyPages]),
    durationMs: c.durationMs, seed: c.seed, hasEvents,
    files: [...(hasEvents ? ['events.jsonl'] : []), ...files].map((f) => [f, `cases/${encodeURIComponent(c.id)}/${encodeURIComponent(f)}`]),
  };
}

