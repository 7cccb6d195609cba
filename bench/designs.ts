// Bench: the cost of each design option of colo-ref (issue 15) under one workload, side by side:
// checkpoint downtime p50/p99, bytes per checkpoint, forced checkpoints per minute, client latency
// p50/p99 and the secondary's RSS as a multiple of guest RAM (runtime baseline subtracted, measured
// in the same run: harness/compare/cost.ts says how). The last line prints the RSS ratios.
// Usage: npx colo-chaos bench designs [--pages N] [--seconds N] [--budget PAGES] [--seed N]
import { measureCost, type Cost, type Design } from '../harness/compare/cost.ts';
import { numberFlag } from './lib/util.ts';
import { costTable } from '../harness/compare/table.ts';

export function designsFor(budget: number): Array<[string, Design]> {
  return [
    ['default', {}],
    [`cache=bounded:${budget}`, { cache: `bounded:${budget}` }],
    ['stream=single', { stream: 'single' }],
    ['ram-channels=2', { 'ram-channels': 2 }],
  ];
}

export async function run(args: string[]): Promise<number> {
  const pages = numberFlag(args, 'pages', 16384);
  const seconds = numberFlag(args, 'seconds', 10);
  const budget = numberFlag(args, 'budget', Math.floor(pages / 16));
  const seed = numberFlag(args, 'seed', 1, { zero: true });
  const rows: Array<[string, Cost]> = [];
  for (const [name, design] of designsFor(budget)) {
    process.stderr.write(`measuring ${name} (${pages} pages, ${seconds} s)...\n`);
    rows.push([name, await measureCost(design, { pages, seconds, seed })]);
  }
  console.log(costTable(rows));
  const ratio = (name: string): string => {
    const c = rows.find(([n]) => n === name)![1];
    return `${c.rssRatio.toFixed(2)}x (raw ${c.rawRatio.toFixed(2)}x)`;
  };
  console.log(`secondary RSS / guest RAM (${(pages * 4096) / (1 << 20)} MiB guest, runtime baseline subtracted): `
    + `unbounded cache ${ratio('default')}, cache=bounded:${budget} ${ratio(`cache=bounded:${budget}`)}`);
  return 0;
}
