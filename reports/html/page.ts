// report.html: one self-contained file (inline CSS, JS and SVG; no network). The matrix, the
// failing cases and the stats are plain HTML; the case data is embedded as JSON and each case's
// timeline in its own JSON block, parsed only when the case is opened (fast with 500+ cases).
import { readFile } from 'node:fs/promises';
import { ALL_PHASES, PHASE_NAMES } from '../../core/model/phases.ts';
import type { LoadedRun } from '../load.ts';
import { buildMatrix } from '../matrix.ts';
import { checkpointSummary } from '../stats.ts';
import { timelineData } from '../timeline-data.ts';
import { ms, notRunWords, possibleHarnessBug, runCounts, runHeadline } from '../words.ts';
import { clientCase } from './case-data.ts';
import { casesTableHtml, failingHtml } from './cases-html.ts';
import { html, jsonForScript, Html } from './escape.ts';
import { matrixHtml } from './matrix-html.ts';
import { statsHtml } from './stats-html.ts';
import { survivorsHtml } from './survivors-html.ts';
import { survivorGrid } from '../survivors.ts';

const asset = (name: string): Promise<string> => readFile(new URL(name, import.meta.url), 'utf8');
/** The script's parts, joined into one function so their declarations stay private. */
const SCRIPT_PARTS = ['client/dom.js', 'client/timeline.js', 'client/main.js'];

async function script(): Promise<string> {
  const parts = await Promise.all(SCRIPT_PARTS.map(asset));
  return `(() => {\n'use strict';\n${parts.join('\n')}})();\n`;
}

export async function reportHtml(loaded: LoadedRun): Promise<string> {
  const { run, dir } = loaded;
  const cases = run.cases;
  const indexOf = new Map(cases.map((c, i) => [c.id, i]));
  const missing = new Set(loaded.missingEvents);
  const [css, js] = await Promise.all([asset('style.css'), script()]);
  const data = { runDir: dir, phases: ALL_PHASES, phaseNames: PHASE_NAMES, cases: cases.map((c) => clientCase(run, dir, c, !missing.has(c.id), loaded.caseFiles.get(c.id) ?? [])) };
  const alarms = run.alarms ?? [];
  const suspects = new Set(cases.filter((c) => possibleHarnessBug(run, c)).map((c) => c.id));
  const harnessBugs = suspects.size;
  const took = run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;
  const title = `colo-chaos ${run.suite} — ${runHeadline(run)}`;
  const counts = runCounts(run);
  const page = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${title}</title><style>${new Html(css)}</style></head>
<body>
<header><h1>${title}</h1>
<div class="meta">target <b>${run.target}</b>${run.bug ? html` · planted bug <b>${run.bug}</b>` : ' · clean pair (no planted bug)'} · seed ${run.seed} · started ${run.startedAt}${took !== null ? ` · took ${ms(took)}` : ''}${run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : ''} · ${Object.entries(run.versions ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}</div>
<div class="meta mono">${dir}</div>
<div class="counts"><span class="count v-pass">${run.summary.pass} pass</span><span class="count v-fail">${run.summary.fail} fail</span><span class="count v-unknown">${run.summary.unknown} unknown</span>${counts.interrupted ? html`<span class="count v-interrupted">${counts.interrupted} interrupted</span>` : ''}${counts.skipped ? html`<span class="count v-interrupted">${counts.skipped} not run</span>` : ''}<span class="count">${cases.length} cases</span></div>
</header>
<main>
${run.partial ? html`<div class="banner warn" id="partial"><b>Partial run.</b> The run stopped before it finished (${run.finishedAt ? 'interrupted' : 'killed, or still going'}): this report shows the ${cases.length} cases stored so far.${missing.size ? ` ${missing.size} of them have no stored events.` : ''}</div>` : ''}
${notRunWords(run) ? html`<div class="banner warn" id="not-run"><b>Not every case ran to a verdict:</b> ${notRunWords(run)}.</div>` : ''}
${alarms.length ? html`<div class="banner bad" id="alarms"><b>Alarms from the run:</b><ul>${alarms.map((a) => html`<li>${a}</li>`)}</ul></div>` : ''}
${harnessBugs ? html`<div class="banner bad" id="harness-bugs"><b>${harnessBugs} case${harnessBugs > 1 ? 's' : ''} failed on the clean pair.</b> No bug was planted, so these point at a harness bug (or a real bug in the pair): marked ⚠ below.</div>` : ''}
<h2>Failure-window matrix</h2>
<p class="hint">Where in the checkpoint transaction each fault landed, and what happened. Click a cell to see its cases and their timelines.</p>
${matrixHtml(buildMatrix(cases), indexOf, suspects)}
<section id="detail" hidden></section>
<h2>Failing cases</h2>
${failingHtml(run, dir, cases, indexOf)}
${survivorsHtml(survivorGrid(cases, loaded.events))}
<h2>Checkpoint statistics</h2>
${statsHtml(checkpointSummary(cases))}
<h2>All cases</h2>
${casesTableHtml(cases, indexOf, missing)}
</main>
<script type="application/json" id="run-data">${new Html(jsonForScript(data))}</script>
${new Html(cases.map((c, i) => `<script type="application/json" id="tl-${i}">${jsonForScript(timelineData(loaded.events.get(c.id) ?? []))}</script>`).join('\n'))}
<script>${new Html(js)}</script>
</body></html>
`;
  return page.text;
}
