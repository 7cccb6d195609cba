// The failing cases in plain words (with repro commands) and the table of every case.
import type { CaseResult, RunJson } from '../../core/model/run.ts';
import { caseCheckpointWords } from '../stats.ts';
import { caseFaultWords, landedWords, ms, possibleHarnessBug, reproCommand, reproductionWords, violationWords } from '../words.ts';
import { html, type Html } from './escape.ts';

export function failingHtml(run: RunJson, runDir: string, cases: readonly CaseResult[], indexOf: Map<string, number>): Html {
  // an interrupted case is no finding: it is in the table of all cases, not here
  const bad = cases.filter((c) => c.verdict === 'fail' || c.verdict === 'unknown').sort((a, b) => (a.verdict === b.verdict ? a.id.localeCompare(b.id) : a.verdict === 'fail' ? -1 : 1));
  if (!bad.length) return html`<p class="hint">${cases.every((c) => c.verdict === 'pass') ? 'Every case passed.' : 'No case failed.'}</p>`;
  return html`<ul class="failing">${bad.map((c) => {
    const rate = reproductionWords(c);
    return html`<li class="${c.verdict}" data-case="${indexOf.get(c.id)}">
<div><span class="badge v-${c.verdict}">${c.verdict}</span> <button class="link mono open-case" data-case="${indexOf.get(c.id)}">${c.id}</button>
${possibleHarnessBug(run, c) ? html` <span class="harness-bug">⚠ failed on the clean pair (no planted bug): possible harness bug</span>` : ''}</div>
<div>${caseFaultWords(c)} — ${landedWords(c)}${rate ? html` — reproduction: <b>${rate}</b>` : ''}</div>
<ul>${violationWords(c).map((v) => html`<li>${v}</li>`)}</ul>
<div>repro: <code class="repro">${reproCommand(runDir, c.id)}</code></div>
</li>`;
  })}</ul>`;
}

export function casesTableHtml(cases: readonly CaseResult[], indexOf: Map<string, number>, missing: ReadonlySet<string>): Html {
  if (!cases.length) return html`<p class="hint">No case finished in this run.</p>`;
  return html`<div class="filter"><input id="case-filter" type="search" placeholder="filter: id, fault, phase, verdict…" aria-label="filter cases"><span id="filter-count" class="hint"></span></div>
<table class="cases" id="cases"><thead><tr><th>verdict</th><th>case</th><th>fault</th><th>role</th><th>phase</th><th>landed</th><th>checkpoints</th><th>downtime p50</th><th>duration</th><th>notes</th></tr></thead>
<tbody>${cases.map((c) => {
    const cp = caseCheckpointWords(c);
    const notes = [missing.has(c.id) ? 'no events stored' : '', reproductionWords(c) ?? '', c.error ? 'harness error' : ''].filter(Boolean).join('; ');
    return html`<tr data-case="${indexOf.get(c.id)}"><td><span class="badge v-${c.verdict}">${c.verdict}</span></td><td><button class="link mono open-case" data-case="${indexOf.get(c.id)}">${c.id}</button></td><td>${c.fault}</td><td>${c.role}</td><td>${c.phase}</td><td${c.landed && !c.landedInPhase ? html` class="off" title="landed outside the intended phase ${c.phase}"` : ''}>${c.landed ? `${c.landed.phase}#${c.landed.checkpoint}` : 'never fired'}</td><td class="num">${cp.count}</td><td class="num">${cp.medianDowntimeMs === null ? '—' : ms(cp.medianDowntimeMs)}</td><td class="num">${ms(c.durationMs)}</td><td>${notes}</td></tr>`;
  })}</tbody></table>`;
}
