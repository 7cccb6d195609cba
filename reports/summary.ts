// summary.md: short enough for a CI log — counts, the first failing cases with their repro
// commands (capped, with how many more), and the checkpoint numbers.
import type { RunJson } from '../core/model/run.ts';
import { checkpointSummary } from './stats.ts';
import { survivorTable } from './survivors.ts';
import type { TimelineEvent } from '../core/model/events.ts';
import { bytesWords, caseFaultWords, landedWords, ms, notRunWords, pairWords, possibleHarnessBug, reproCommand, reproductionWords, runCounts, runHeadline, violationWords } from './words.ts';

export const SUMMARY_CAP = 15;

export function summaryMd(run: RunJson, runDir: string, missingEvents: readonly string[] = [], cap = SUMMARY_CAP, events: ReadonlyMap<string, TimelineEvent[]> = new Map()): string {
  const s = runCounts(run);
  const notRun = notRunWords(run);
  const took = run.finishedAt ? ` in ${ms(Date.parse(run.finishedAt) - Date.parse(run.startedAt))}` : '';
  const lines = [
    `# colo-chaos ${run.suite}: ${runHeadline(run)}`, '',
    `${run.cases.length} cases${took} · target ${run.target} · ${pairWords(run)} · seed ${run.seed}${run.shard ? ` · shard ${run.shard.index}/${run.shard.count}` : ''}`, '',
    '| pass | fail | unknown | interrupted | not run |', '|---:|---:|---:|---:|---:|',
    `| ${s.pass} | ${s.fail} | ${s.unknown} | ${s.interrupted} | ${s.skipped} |`, '',
  ];
  if (notRun) lines.push(`**Not every case ran to a verdict**: ${notRun}.`, '');
  const alarms = run.alarms ?? [];
  if (alarms.length) lines.push('**Alarms:**', ...alarms.slice(0, cap).map((a) => `- ${oneLine(a)}`), '');
  if (run.partial) lines.push(`**Partial run**: ${run.finishedAt ? 'interrupted' : 'stopped (killed, or still going)'} before it finished; ${run.cases.length} cases stored${missingEvents.length ? `, ${missingEvents.length} without events` : ''}.`, '');
  const bad = run.cases.filter((c) => c.verdict === 'fail' || c.verdict === 'unknown').sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'fail' ? -1 : 1));
  if (bad.length) {
    lines.push(`## Failing cases (${bad.length})`, '');
    for (const c of bad.slice(0, cap)) {
      const flag = possibleHarnessBug(run, c) ? ' **possible harness bug (failed on the clean pair)**' : '';
      const rate = reproductionWords(c);
      lines.push(`- **${c.verdict}** \`${c.id}\`: ${caseFaultWords(c)}; ${landedWords(c)}${rate ? `; ${rate}` : ''}${flag}`);
      lines.push(`  - ${oneLine(violationWords(c)[0] ?? c.verdict)}`);
      lines.push(`  - \`${reproCommand(runDir, c.id)}\``);
    }
    if (bad.length > cap) lines.push(`- … and ${bad.length - cap} more (see report.html / junit.xml)`);
    lines.push('');
  }
  lines.push(...variantTable(run));
  lines.push(...survivorTable(run.cases, events));
  const cp = checkpointSummary(run.cases);
  lines.push('## Checkpoints', '');
  lines.push(cp.count
    ? `${cp.count} checkpoints${cp.measured < cp.count ? ` (${cp.count - cp.measured} never completed)` : ''} · downtime p50 ${ms(cp.downtime.p50)}, p99 ${ms(cp.downtime.p99)}, max ${ms(cp.downtime.max)} · bytes sent mean ${bytesWords(Math.round(cp.bytes.mean))} · dirty pages mean ${cp.dirtyPages.mean.toFixed(1)}`
    : 'No checkpoint completed.');
  lines.push('', `Full report: ${runDir}/report.html`, '');
  return lines.join('\n');
}

/** Long messages would flood a CI log. */
function oneLine(s: string, max = 240): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Variants side by side (e.g. "QEMU alone" vs "with manager"): counts and the checks that failed. */
function variantTable(run: RunJson): string[] {
  const variants = [...new Set(run.cases.map((c) => c.case?.variant).filter((v): v is string => !!v))];
  if (!variants.length) return [];
  const out = ['## By variant', '', '| variant | pass | fail | unknown | failed checks |', '|---|---:|---:|---:|---|'];
  for (const v of variants) {
    const cs = run.cases.filter((c) => c.case?.variant === v);
    const failed = new Map<string, number>();
    for (const c of cs) for (const k of c.checks) if (k.verdict === 'fail') failed.set(k.check, (failed.get(k.check) ?? 0) + 1);
    const words = [...failed].map(([k, n]) => `${k} (${n})`).join(', ') || 'none';
    out.push(`| ${v} | ${cs.filter((c) => c.verdict === 'pass').length} | ${cs.filter((c) => c.verdict === 'fail').length} | ${cs.filter((c) => c.verdict === 'unknown').length} | ${words} |`);
  }
  return [...out, ''];
}
