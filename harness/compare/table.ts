// The cost table of the designs (markdown), shared by `bench designs` and `colo-chaos compare`.
import type { Cost } from './cost.ts';

const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '-');

export function costTable(rows: ReadonlyArray<readonly [string, Cost]>): string {
  const head = '| design | checkpoints | downtime p50 / p99 ms | KiB per checkpoint | forced / min | client latency p50 / p99 ms | secondary RSS MiB (baseline) | RSS / guest RAM (raw) |';
  const sep = '|---|---|---|---|---|---|---|---|';
  const body = rows.map(([name, c]) => `| ${name} | ${c.checkpoints} | ${f(c.downtimeP50)} / ${f(c.downtimeP99)} | ${f(c.bytesPerCheckpoint / 1024)} | ${f(c.forcedPerMinute)} | ${f(c.latencyP50)} / ${f(c.latencyP99)} | ${f(c.rssMiB, 0)} (${f(c.baselineRssMiB, 0)}) | ${f(c.rssRatio, 2)}x (${f(c.rawRatio, 2)}x) |`);
  return [head, sep, ...body].join('\n');
}
