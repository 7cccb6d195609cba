// The failure-window matrix as HTML tables, one per role hit by the fault: rows are fault
// kinds, columns the checkpoint phases in transaction order (P0–P12, then S0–S8).
import { PHASE_NAMES, phaseOwner, type Phase } from '../../core/model/phases.ts';
import type { CaseVerdict } from '../../core/model/run.ts';
import { cellKey, type Matrix, type MatrixCell } from '../matrix.ts';
import { html, type Html } from './escape.ts';

const COLOURS: Record<CaseVerdict, string> = { pass: '#2f9e5b', fail: '#a3201c', unknown: '#b7791f', interrupted: '#8a8f98' };
const ORDER = ['fail', 'unknown', 'pass', 'interrupted'] as const;

export function matrixHtml(m: Matrix, indexOf: Map<string, number>, harnessBugs: ReadonlySet<string>): Html {
  if (!m.roles.length) return html`<p class="hint">No cases in this run, so the matrix is empty.</p>`;
  // role = the replica a process fault hits, or the side a link fault is counted on (Case.role)
  const pCols = m.phases.filter((p) => phaseOwner(p) === 'primary');
  const sCols = m.phases.filter((p) => phaseOwner(p) === 'secondary');
  return html`<div class="matrix-wrap">${m.roles.map((role) => {
    const faults = m.faults.filter((f) => m.phases.some((p) => m.cells.has(cellKey(role, f, p))));
    return html`<h3>Role: ${role}</h3>
<table class="matrix" data-role="${role}">
<thead><tr><th></th><th class="group" colspan="${pCols.length}">primary's checkpoint transaction</th><td class="gap"></td><th class="group" colspan="${sCols.length}">secondary's checkpoint transaction</th></tr>
<tr><th></th>${pCols.map(head)}<td class="gap"></td>${sCols.map(head)}</tr></thead>
<tbody>${faults.map((f) => html`<tr><th class="fault">${f}</th>${pCols.map((p) => cell(m.cells.get(cellKey(role, f, p)), indexOf, harnessBugs))}<td class="gap"></td>${sCols.map((p) => cell(m.cells.get(cellKey(role, f, p)), indexOf, harnessBugs))}</tr>`)}</tbody>
</table>`;
  })}</div>
<div class="legend"><span><i style="background:#7fd19e"></i>pass</span><span><i style="background:#e0605b"></i>fail</span><span><i style="background:#f0b94f"></i>unknown</span><span><i style="background:#c4c8ce"></i>interrupted (no verdict)</span><span><i class="empty" style="background:#eceef1"></i>no case</span><span><b>!</b> = failed on the clean pair (possible harness bug)</span><span>a number = cases in the cell (coloured by the worst; the bar shows the mix)</span></div>`;
}

function head(p: Phase): Html {
  return html`<th title="${p} ${PHASE_NAMES[p]}">${p}</th>`;
}

function cell(c: MatrixCell | undefined, indexOf: Map<string, number>, harnessBugs: ReadonlySet<string>): Html {
  if (!c) return html`<td class="empty"></td>`;
  const n = c.cases.length;
  const words = ORDER.filter((v) => c.counts[v]).map((v) => `${c.counts[v]} ${v}`).join(', ');
  const mixed = ORDER.filter((v) => c.counts[v]).length > 1;
  const suspect = c.cases.some((id) => harnessBugs.has(id));
  return html`<td class="cell v-${c.worst}${suspect ? ' suspect' : ''}" data-role="${c.role}" data-fault="${c.row}" data-phase="${c.phase}" data-verdict="${c.worst}" data-cases="${c.cases.map((id) => indexOf.get(id)).join(',')}" title="${c.row} at ${c.phase} ${PHASE_NAMES[c.phase] ?? ''}, role ${c.role}: ${words}${suspect ? ' (failed on the clean pair: possible harness bug)' : ''}">${suspect ? html`<span class="warn-mark">!</span>` : ''}${n > 1 ? String(n) : ''}${mixed ? mixBar(c) : ''}</td>`;
}

function mixBar(c: MatrixCell): Html {
  return html`<span class="mix">${ORDER.filter((v) => c.counts[v]).map((v) => html`<span style="flex:${c.counts[v]};background:${COLOURS[v]}"></span>`)}</span>`;
}
