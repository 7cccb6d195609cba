// The compare report (issue 15): the failure-window matrix of each design side by side, the
// windows a design makes unsafe (or safe) against the first design, each failing case with its
// repro command, and the cost table. Markdown, from run.json data only.
import { phaseOrder, type Phase } from '../../core/model/phases.ts';
import type { CaseVerdict, RunJson } from '../../core/model/run.ts';
import { buildMatrix, cellKey, type MatrixCell } from '../../reports/matrix.ts';
import type { Cost } from './cost.ts';
import { costTable } from './table.ts';

export interface DesignRun {
  name: string;
  options: Record<string, string | number | boolean>;
  dir: string;
  run: RunJson;
}

export interface WindowRow {
  phase: Phase;
  role: string;
  fault: string;
  /** Worst verdict per design (undefined: the design's matrix has no such window). */
  verdicts: Array<CaseVerdict | undefined>;
  cases: Array<string[] | undefined>;
}

const MARK: Record<CaseVerdict, string> = { pass: 'pass', fail: '**FAIL**', unknown: '?', interrupted: 'interrupted' };

/** Every window (phase, role, fault row) of any design, in phase order. */
export function windowRows(designs: readonly DesignRun[]): WindowRow[] {
  const matrices = designs.map((d) => buildMatrix(d.run.cases));
  const keys = new Map<string, MatrixCell>();
  for (const m of matrices) for (const [k, c] of m.cells) if (!keys.has(k)) keys.set(k, c);
  return [...keys.values()]
    .sort((a, b) => phaseOrder(a.phase) - phaseOrder(b.phase) || a.role.localeCompare(b.role) || a.row.localeCompare(b.row))
    .map((c) => {
      const cells = matrices.map((m) => m.cells.get(cellKey(c.role, c.row, c.phase)));
      return { phase: c.phase, role: c.role, fault: c.row, verdicts: cells.map((x) => x?.worst), cases: cells.map((x) => x?.cases) };
    });
}

/** What design i does to a window, against design 0. */
export function change(row: WindowRow, i: number): 'unsafe' | 'safe' | 'new-unsafe' | undefined {
  const base = row.verdicts[0];
  const v = row.verdicts[i];
  if (v === 'fail' && base === undefined) return 'new-unsafe';
  if (v === 'fail' && base === 'pass') return 'unsafe';
  if (v === 'pass' && base === 'fail') return 'safe';
  return undefined;
}

export function compareMarkdown(designs: readonly DesignRun[], costs: ReadonlyArray<readonly [string, Cost]> = []): string {
  const rows = windowRows(designs);
  const out: string[] = ['# colo-chaos compare: COLO designs side by side', ''];
  out.push('| design | options | cases | pass | fail | unknown | run |', '|---|---|---|---|---|---|---|');
  for (const d of designs) {
    const s = d.run.summary;
    const opts = Object.entries(d.options).map(([k, v]) => `${k}=${v}`).join(' ') || '(defaults)';
    out.push(`| ${d.name} | ${opts} | ${d.run.cases.length} | ${s.pass} | ${s.fail} | ${s.unknown} | ${d.dir} |`);
  }
  out.push('', `## Windows that change against ${designs[0]?.name ?? 'the first design'}`, '');
  const changed = rows.filter((r) => designs.some((_, i) => i > 0 && change(r, i)));
  if (changed.length === 0) out.push('None: every design is as safe as the first in every window they share.');
  for (const r of changed) {
    const what = designs.map((d, i) => (i > 0 && change(r, i) ? `${d.name}: ${change(r, i)}` : '')).filter(Boolean).join('; ');
    out.push(`- ${r.phase} ${r.fault} (${r.role}): ${what}`);
  }
  out.push('', '## Failing cases (unsafe windows) and their repro', '');
  let failing = 0;
  for (const d of designs) {
    for (const c of d.run.cases.filter((x) => x.verdict === 'fail')) {
      failing++;
      const why = c.violations.map((v) => `[${v.check}] ${v.message}`).join('; ').slice(0, 300);
      out.push(`- ${d.name}: \`${c.id}\`: ${why}`, `  repro: \`npx colo-chaos repro ${d.dir} ${c.id}\``);
    }
  }
  if (failing === 0) out.push('None.');
  if (costs.length) out.push('', '## Cost per design (same workload)', '', costTable(costs));
  out.push('', '## Failure-window matrix, side by side', '');
  out.push(`| phase | role | fault | ${designs.map((d) => d.name).join(' | ')} |`, `|---|---|---|${designs.map(() => '---').join('|')}|`);
  for (const r of rows) out.push(`| ${r.phase} | ${r.role} | ${r.fault} | ${r.verdicts.map((v) => (v ? MARK[v] : '')).join(' | ')} |`);
  return out.join('\n') + '\n';
}
