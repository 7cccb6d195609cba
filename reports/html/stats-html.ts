// The checkpoint statistics section: percentiles table and a downtime histogram as inline SVG.
import type { CheckpointSummary } from '../stats.ts';
import { bytesWords, ms } from '../words.ts';
import { html, type Html } from './escape.ts';

export function statsHtml(s: CheckpointSummary): Html {
  if (!s.count) return html`<p class="hint">No checkpoint completed in this run.</p>`;
  const note = html`<p class="hint">Checkpoint 0 (the initial full sync) is left out; downtime is the primary's stop time (P3→P12), or the secondary's (S1→S8) where the primary did not report it.</p>`;
  const d = s.downtime;
  return html`<div class="stats">
<table class="kv" id="cp-stats"><tbody>
<tr><th>checkpoints</th><td class="num">${s.count}</td></tr>
${s.measured < s.count ? html`<tr><th>never completed</th><td class="num">${s.count - s.measured}</td></tr>` : ''}
<tr><th>downtime p50</th><td class="num" data-stat="p50">${ms(d.p50)}</td></tr>
<tr><th>downtime p90</th><td class="num">${ms(d.p90)}</td></tr>
<tr><th>downtime p99</th><td class="num" data-stat="p99">${ms(d.p99)}</td></tr>
<tr><th>downtime max</th><td class="num">${ms(d.max)}</td></tr>
<tr><th>downtime mean</th><td class="num">${ms(d.mean)}</td></tr>
<tr><th>bytes sent, mean</th><td class="num">${bytesWords(Math.round(s.bytes.mean))}</td></tr>
<tr><th>bytes sent, total</th><td class="num">${bytesWords(s.bytes.total)}</td></tr>
<tr><th>dirty pages, mean</th><td class="num">${s.dirtyPages.mean.toFixed(1)}</td></tr>
<tr><th>dirty pages, max</th><td class="num">${s.dirtyPages.max}</td></tr>
</tbody></table>
${s.measured ? histogram(s) : ''}
</div>${note}`;
}

/** Bars of checkpoint counts per downtime bucket, with p50/p99 marked. */
function histogram(s: CheckpointSummary): Html {
  const W = 620, H = 220, L = 44, R = 12, T = 14, B = 38;
  const b = s.buckets;
  const top = Math.max(1, ...b.map((x) => x.count));
  const span = b.length ? b[b.length - 1]!.to : 1;
  const x = (v: number): number => L + ((W - L - R) * v) / span;
  const y = (c: number): number => H - B - ((H - B - T) * c) / top;
  const every = Math.ceil(b.length / 8);
  return html`<svg class="histogram" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="checkpoint downtime histogram">
<line x1="${L}" y1="${H - B}" x2="${W - R}" y2="${H - B}" stroke="#8c959f"/>
<line x1="${L}" y1="${T}" x2="${L}" y2="${H - B}" stroke="#8c959f"/>
${b.map((k) => html`<rect x="${x(k.from) + 1}" y="${y(k.count)}" width="${Math.max(1, x(k.to) - x(k.from) - 2)}" height="${H - B - y(k.count)}" fill="#5b8def"><title>${ms(k.from)}–${ms(k.to)}: ${k.count} checkpoints</title></rect>`)}
${b.filter((_, i) => i % every === 0).map((k) => html`<text x="${x(k.from)}" y="${H - B + 14}" font-size="10" text-anchor="middle" fill="#5f6b76">${trim(k.from)}</text>`)}
${(b.length - 1) % every + 1 >= every / 2 ? html`<text x="${x(span)}" y="${H - B + 14}" font-size="10" text-anchor="middle" fill="#5f6b76">${trim(span)}</text>` : ''}
<text x="${L}" y="${T - 3}" font-size="10" fill="#5f6b76">${top}</text>
<text x="${(W + L) / 2}" y="${H - 6}" font-size="11" text-anchor="middle" fill="#5f6b76">checkpoint downtime (ms)</text>
${marker(x(s.downtime.p50), T, H - B, 'p50')}${marker(x(s.downtime.p99), T, H - B, 'p99')}
</svg>`;
}

function marker(x: number, top: number, bottom: number, label: string): Html {
  return html`<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}" stroke="#c9302c" stroke-dasharray="4 3"/><text x="${x + 3}" y="${top + 10}" font-size="10" fill="#c9302c">${label}</text>`;
}

const trim = (v: number): string => String(Math.round(v * 100) / 100);
