// report.html's "Survivor by phase" section: the same grid as summary.md's (reports/survivors.ts).
import type { SurvivorGrid } from '../survivors.ts';
import { SURVIVOR_HINT } from '../survivors.ts';
import { html, type Html } from './escape.ts';

export function survivorsHtml(g: SurvivorGrid | null): Html {
  if (!g) return html``;
  return html`<h2>Survivor by phase</h2>
<p class="hint">${SURVIVOR_HINT}</p>
<table class="cases" id="survivors"><thead><tr><th>phase</th>${g.cols.map((c) => html`<th>${c}</th>`)}</tr></thead>
<tbody>${g.rows.map((r) => html`<tr><td class="mono">${r.phase}</td>${r.cells.map((c) => html`<td>${c}</td>`)}</tr>`)}</tbody></table>`;
}
