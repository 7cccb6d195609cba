// Running the real CLI (real replicas, real fault network) from tests, and reading its store.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { afterAll } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { RunJson } from '../../../core/model/run.ts';

export const BIN = new URL('../../../bin/colo-chaos.js', import.meta.url).pathname;

const made: string[] = [];
// every run store a test file made goes when the file is done (a helper's afterAll joins the importing file)
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function outDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'colo-chaos-test-'));
  made.push(d);
  return d;
}

export function cli(args: string[], timeoutMs = 120_000) {
  return execa(process.execPath, [BIN, ...args], { reject: false, timeout: timeoutMs, env: { CI: 'true' } });
}

/** The newest run directory under an --out root. */
export function latestRun(out: string): string {
  return join(out, 'latest');
}

export function readRun(runDir: string): RunJson {
  return JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunJson;
}

/** Pids of every descendant of `pid` (from /proc), to prove later that none is left. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone while we looked
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const [child, pp] of parent) if (pp === p) { out.push(child); walk(child); }
  };
  walk(pid);
  return out;
}
