// junit.xml: a testsuite per suite, a testcase per case; a failing case carries its violations
// in a <failure>, an unknown one in an <error> (the harness could not decide).
import type { CaseResult, RunJson } from '../harness/model/run.ts';
import { esc } from './html/escape.ts';
import { caseFaultWords, landedWords, possibleHarnessBug, reproCommand, violationWords } from './words.ts';

export function junitXml(run: RunJson, runDir: string): string {
  const bySuite = new Map<string, CaseResult[]>();
  for (const c of run.cases) {
    const suite = c.case?.suite ?? run.suite;
    bySuite.set(suite, [...(bySuite.get(suite) ?? []), c]);
  }
  if (!bySuite.size) bySuite.set(run.suite, []);
  const total = totals(run.cases);
  const props = {
    target: run.target, seed: run.seed, bug: run.bug ?? '', partial: run.partial, runDir,
    ...(run.shard ? { shard: `${run.shard.index}/${run.shard.count}` } : {}),
    ...Object.fromEntries(Object.entries(run.versions ?? {}).map(([k, v]) => [`version.${k}`, v])),
  };
  const suites = [...bySuite].map(([name, cases]) => {
    const t = totals(cases);
    return `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${t.fail}" errors="${t.unknown}" skipped="0" time="${t.time}" timestamp="${xml(run.startedAt)}">
    <properties>
${Object.entries(props).map(([k, v]) => `      <property name="${xml(k)}" value="${xml(v)}"/>`).join('\n')}
    </properties>
${cases.map((c) => testcase(run, name, c, runDir)).join('\n')}
  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="colo-chaos ${xml(run.suite)}" tests="${run.cases.length}" failures="${total.fail}" errors="${total.unknown}" time="${total.time}">
${suites.join('\n')}
</testsuites>
`;
}

function testcase(run: RunJson, suite: string, c: CaseResult, runDir: string): string {
  const open = `    <testcase name="${xml(c.id)}" classname="${xml(`${suite}.${c.role}.${c.fault}`)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
  if (c.verdict === 'pass') return `${open}/>`;
  const words = violationWords(c);
  const suspect = possibleHarnessBug(run, c) ? ['possible harness bug: this case failed on the clean pair (no planted bug)'] : [];
  const body = [...suspect, ...words, '', `fault: ${caseFaultWords(c)}`, `landed: ${landedWords(c)}`, `seed: ${c.seed}`, `repro: ${reproCommand(runDir, c.id)}`].join('\n');
  const tag = c.verdict === 'fail' ? 'failure' : 'error';
  const type = c.verdict === 'fail' ? c.violations.map((v) => v.check).join(',') || 'fail' : 'unknown';
  return `${open}>
      <${tag} message="${xml(words[0] ?? c.verdict)}" type="${xml(type)}">${xml(body)}</${tag}>
    </testcase>`;
}

function totals(cases: readonly CaseResult[]): { fail: number; unknown: number; time: string } {
  return {
    fail: cases.filter((c) => c.verdict === 'fail').length,
    unknown: cases.filter((c) => c.verdict === 'unknown').length,
    time: (cases.reduce((a, c) => a + (c.durationMs ?? 0), 0) / 1000).toFixed(3),
  };
}

/** XML text/attribute escaping, minus the characters XML 1.0 cannot hold at all. */
function xml(v: unknown): string {
  // eslint-disable-next-line no-control-regex
  return esc(String(v).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '\ufffd'));
}
