// The target's failure behaviour as a table a COLO maintainer reads straight from a run: per phase,
// for a crash and a hang of each side, who survived, its runstate by the target's own view (QEMU:
// query-status) and the checkpoint it continues from. Built from the cases' events; empty for
// targets that report no views.
import type { TimelineEvent } from '../core/model/events.ts';
import { PHASES } from '../core/model/phases.ts';
import type { CaseResult } from '../core/model/run.ts';

const KINDS = ['crash', 'hang'] as const;

type View = Extract<TimelineEvent, { type: 'view' }>;

/** One cell: "secondary running, from checkpoint 1" / "primary running alone" / "none: P colo, S colo". */
export function survivorWords(events: readonly TimelineEvent[]): string {
  const views = events.filter((e): e is View => e.type === 'view');
  const status = (role: string): string => {
    const v = views.filter((x) => x.role === role && (x.when === 'at the end' || x.when === 'after failover')).at(-1);
    return String(v?.view.status ?? 'unknown');
  };
  const fo = events.find((e) => e.type === 'failover' && e.role === 'secondary');
  if (fo?.type === 'failover') return `secondary ${status('secondary')}, from checkpoint ${fo.resumedFrom}`;
  if (events.some((e) => e.type === 'standalone')) return `primary ${status('primary')} alone`;
  const end = views.filter((x) => x.when === 'at the end' && x.view.status !== 'not running');
  if (!end.length) return 'none running';
  return `no failover: ${end.map((x) => `${x.role} ${x.view.status}${x.view['colo-mode'] ? ` (COLO ${x.view['colo-mode']}, ${x.view['colo-reason']})` : ''}`).join('; ')}`;
}

/** The table's data: one column per fault kind, side and variant (a QEMU version), one row per phase. */
export interface SurvivorGrid {
  cols: string[];
  rows: Array<{ phase: string; cells: string[] }>;
}

/** What one case's cell says: the survivor, and where the fault landed when not in its phase. */
function cellWords(c: CaseResult, events: readonly TimelineEvent[]): string {
  // a case that never started (or hit a harness error first) says nothing about the target
  if (c.error && !c.landed) return 'not judged (the case did not start: harness error)';
  return `${survivorWords(events)}${c.landedInPhase ? '' : ` (landed ${c.landed ? `${c.landed.phase} of checkpoint ${c.landed.checkpoint}` : 'never'})`}`;
}

export function survivorGrid(cases: readonly CaseResult[], events: ReadonlyMap<string, TimelineEvent[]>): SurvivorGrid | null {
  const col = (c: CaseResult): string => `${c.fault} ${c.role}${c.case?.variant ? ` · ${c.case.variant}` : ''}`;
  const picked = cases.filter((c) => (KINDS as readonly string[]).includes(c.fault) && (events.get(c.id) ?? []).some((e) => e.type === 'view'));
  if (!picked.length) return null;
  const cols = [...new Set(picked.map(col))].sort();
  const rows: SurvivorGrid['rows'] = [];
  for (const phase of PHASES) {
    const row = picked.filter((c) => c.phase === phase);
    if (!row.length) continue;
    const cell = (k: string): string => row.filter((c) => col(c) === k).map((c) => cellWords(c, events.get(c.id) ?? [])).join('; ');
    rows.push({ phase, cells: cols.map(cell) });
  }
  return { cols, rows };
}

export const SURVIVOR_HINT = 'Who serves after the fault, its runstate (the target\'s own view at the end) and the checkpoint it continues from.';

export function survivorTable(cases: readonly CaseResult[], events: ReadonlyMap<string, TimelineEvent[]>): string[] {
  const g = survivorGrid(cases, events);
  if (!g) return [];
  return [
    '## Survivor by phase', '', SURVIVOR_HINT, '',
    `| phase | ${g.cols.join(' | ')} |`, `|---|${g.cols.map(() => '---').join('|')}|`,
    ...g.rows.map((r) => `| ${r.phase} | ${r.cells.join(' | ')} |`), '',
  ];
}
