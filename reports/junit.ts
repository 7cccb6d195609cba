// junit.xml: a testsuite per suite, a testcase per case; a failing case carries its violations
// in a <failure>, an unknown one in an <error> (the harness could not decide); a case cut short
// by Ctrl-C, or never started (time budget, interrupt), is <skipped/>.
import type { CaseResult, RunJson, SkippedCase } from '../core/model/run.ts';
import { esc } from './html/escape.ts';
import { caseFaultWords, landedWords, possibleHarnessBug, reproCommand, runHeadline, violationWords } from './words.ts';

export function junitXml(run: RunJson, runDir: string): string {
  const bySuite = new Map<string, { ran: CaseResult[]; notRun: SkippedCase[] }>();
  const of = (suite: string) => bySuite.get(suite) ?? bySuite.set(suite, { ran: [], notRun: [] }).get(suite)!;
  for (const c of run.cases) of(c.case?.suite ?? run.suite).ran.push(c);
  for (const s of run.skipped ?? []) of(run.suite).notRun.push(s);
  if (!bySuite.size) of(run.suite);
  const total = totals(run.cases, run.skipped ?? []);
  const props = {
    target: run.target, seed: run.seed, bug: run.bug ?? '', partial: run.partial, outcome: runHeadline(run), runDir,
    ...(run.shard ? { shard: `${run.shard.index}/${run.shard.count}` } : {}),
    ...Object.fromEntries(Object.entries(run.versions ?? {}).map(([k, v]) => [`version.${k}`, v])),
  };
  const suites = [...bySuite].map(([name, { ran, notRun }]) => {
    const t = totals(ran, notRun);
    return `  <testsuite name="${xml(name)}" tests="${t.tests}" failures="${t.fail}" errors="${t.unknown}" skipped="${t.skipped}" time="${secs(wallMs(ran))}" timestamp="${xml(run.startedAt)}">
    <properties>
${Object.entries(props).map(([k, v]) => `      <property name="${xml(k)}" value="${xml(v)}"/>`).join('\n')}
    </properties>
${[...ran.map((c) => testcase(run, name, c, runDir)), ...notRun.map((s) => notRunCase(name, s))].join('\n')}
  </testsuite>`;
  });
  // with --jobs the cases overlap: the run's time is wall time, not the sum of the cases'
  const runMs = run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : wallMs(run.cases);
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="colo-chaos ${xml(run.suite)}: ${xml(runHeadline(run))}" tests="${total.tests}" failures="${total.fail}" errors="${total.unknown}" skipped="${total.skipped}" time="${secs(runMs)}">
${suites.join('\n')}
</testsuites>
`;
}

function testcase(run: RunJson, suite: string, c: CaseResult, runDir: string): string {
  const open = `    <testcase name="${xml(c.id)}" classname="${xml(`${suite}.${c.role}.${c.fault}`)}" time="${secs(c.durationMs)}"`;
  if (c.verdict === 'pass') return `${open}/>`;
  if (c.verdict === 'interrupted') return `${open}>\n      <skipped message="interrupted before the case could finish (no verdict)"/>\n    </testcase>`;
  const words = violationWords(c);
  const suspect = possibleHarnessBug(run, c) ? ['possible harness bug: this case failed on the clean pair (no planted bug)'] : [];
  const body = [...suspect, ...words, '', `fault: ${caseFaultWords(c)}`, `landed: ${landedWords(c)}`, `seed: ${c.seed}`, `repro: ${reproCommand(runDir, c.id)}`].join('\n');
  const tag = c.verdict === 'fail' ? 'failure' : 'error';
  // a check with several violations is still one type
  const type = c.verdict === 'fail' ? [...new Set(c.violations.map((v) => v.check))].join(',') || 'fail' : 'unknown';
  return `${open}>
      <${tag} message="${xml(words[0] ?? c.verdict)}" type="${xml(type)}">${xml(body)}</${tag}>
    </testcase>`;
}

function notRunCase(suite: string, s: SkippedCase): string {
  const why = s.reason === 'time-budget' ? 'not run: the time budget was spent' : 'not run: the run was interrupted';
  return `    <testcase name="${xml(s.id)}" classname="${xml(`${suite}.${s.role}.${s.fault}`)}" time="0.000">
      <skipped message="${xml(why)}"/>
    </testcase>`;
}

function totals(cases: readonly CaseResult[], notRun: readonly SkippedCase[]): { tests: number; fail: number; unknown: number; skipped: number } {
  return {
    tests: cases.length + notRun.length,
    fail: cases.filter((c) => c.verdict === 'fail').length,
    unknown: cases.filter((c) => c.verdict === 'unknown').length,
    skipped: cases.filter((c) => c.verdict === 'interrupted').length + notRun.length,
  };
}

/** From the first case's start to the last one's end. */
function wallMs(cases: readonly CaseResult[]): number {
  if (!cases.length) return 0;
  const start = Math.min(...cases.map((c) => Date.parse(c.startedAt)));
  const end = Math.max(...cases.map((c) => Date.parse(c.startedAt) + (c.durationMs ?? 0)));
  return Number.isFinite(start) && Number.isFinite(end) ? end - start : 0;
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

/** XML text/attribute escaping, minus the characters XML 1.0 cannot hold at all. */
function xml(v: unknown): string {
  // eslint-disable-next-line no-control-regex
  return esc(String(v).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd'));
}
