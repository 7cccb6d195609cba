// The selftest table and its last line (`selftest: 6/6 bugs caught, slowest 4.2 s, 0 false alarms`).
import { faultWords } from '../../reports/words.ts';
import type { SelftestReport } from './selftest.ts';

function pad(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd());
}

export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** Slowest time to the first failing case among the caught bugs, seconds. */
export function slowestMs(r: SelftestReport): number {
  return Math.max(0, ...r.rows.filter((x) => x.caught).map((x) => x.timeMs));
}

export function lastLine(r: SelftestReport): string {
  const caught = r.rows.filter((x) => x.caught).length;
  return `selftest: ${caught}/${r.rows.length} bugs caught, slowest ${seconds(slowestMs(r))} s, ${r.clean.falseAlarms.length} false alarms`;
}

export function formatSelftest(r: SelftestReport): string {
  const rows = [['bug', 'caught', 'check', 'first failing case', 'time', 'cases', 'minimal (shrunk) case']];
  for (const x of r.rows) {
    const minimal = x.minimal
      ? `${x.minimal.faults.map(faultWords).join('; ')} [fails ${x.minimal.reproduction.failures}/${x.minimal.reproduction.runs}; id ${x.minimal.id}]`
      : x.shrinkError ? `(not shrunk: ${x.shrinkError})` : '-';
    rows.push([
      x.bug, x.caught ? 'yes' : 'NO', x.checks.join(', ') || '-', x.caseId ?? '-', `${seconds(x.timeMs)} s`,
      `${x.casesRun}${x.unknown ? ` (${x.unknown} unknown)` : ''}`, minimal,
    ]);
  }
  const c = r.clean;
  const lines = [
    ...pad(rows), '',
    `clean pair: ${c.falseAlarms.length} false alarms in ${c.cases} cases over seeds ${c.seeds.join(', ')}${c.unknown ? ` (${c.unknown} unknown)` : ''}`,
    ...c.falseAlarms.map((f) => `  !!! FALSE ALARM seed ${f.seed} ${f.caseId}: ${f.checks.join(', ')} — a harness bug or a real pair bug`),
    `wall time ${seconds(r.wallMs)} s`,
    lastLine(r),
  ];
  return lines.join('\n');
}
