// `colo-chaos compare` through the real CLI: two designs of the reference pair run the same case and
// land in one report; stored runs come back in with --run NAME=DIR, where NAME may hold '=' itself.
import { readFileSync } from 'node:fs';
import { expect, test } from 'vitest';
import { cli, outDir } from '../suite/cli-run.ts';

interface CompareJson {
  designs: Array<{ name: string; options: Record<string, unknown>; dir: string; summary: { pass: number } }>;
}

function report(stdout: string): { md: string; json: CompareJson } {
  const md = /compare report: (\S+)/.exec(stdout)?.[1];
  expect(md, stdout).toBeDefined();
  return { md: readFileSync(md!, 'utf8'), json: JSON.parse(readFileSync(md!.replace(/\.md$/, '.json'), 'utf8')) as CompareJson };
}

test('runs each design, then rebuilds the comparison from the stored runs', async () => {
  const out = outDir();
  const common = ['--suite', 'smoke', '--case', 'S2-crash-primary-cp1', '--cost-seconds', '0', '--out', out];
  const ran = await cli(['compare', '--design', 'default', '--design', 'cache=bounded:128', ...common], 180_000);
  expect(ran.exitCode, `${ran.stdout}\n${ran.stderr}`).toBe(0);
  const first = report(ran.stdout);
  expect(first.json.designs.map((d) => [d.name, d.summary.pass])).toEqual([['default', 1], ['cache=bounded:128', 1]]);
  expect(first.json.designs[1]!.options).toMatchObject({ cache: 'bounded:128' });
  expect(first.md).toContain('cache=bounded:128');

  const [a, b] = first.json.designs;
  const again = await cli(['compare', '--run', `default=${a!.dir}`, '--run', `cache=bounded:128=${b!.dir}`, ...common], 60_000);
  expect(again.exitCode, `${again.stdout}\n${again.stderr}`).toBe(0);
  expect(report(again.stdout).json.designs.map((d) => [d.name, d.dir])).toEqual([['default', a!.dir], ['cache=bounded:128', b!.dir]]);
}, 240_000);
