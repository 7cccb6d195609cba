// Bad command lines exit 2 with ONE line that says what is wrong and what is valid.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';

const BIN = new URL('../../../bin/colo-chaos.js', import.meta.url).pathname;
const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;

async function cli(...args: string[]) {
  // a bound for a loaded machine (one CLI start is ~1 s unloaded)
  return execa(process.execPath, [BIN, ...args], { reject: false, timeout: 120_000 });
}

describe('bad CLI input', () => {
  test.each([
    [['run', '--suite', 'no-such-suite'], /unknown suite "no-such-suite"; valid: .*smoke/],
    [['run', '--suite', 'smoke', '--bug', 'nope'], /unknown bug "nope" for target colo-ref; valid: .*early-release/],
    [['run', '--suite', 'smoke', '--target', 'vmware'], /unknown target "vmware"; valid: colo-ref, qemu/],
    [['run', '--suite', 'smoke', '--target', './no/such/driver.ts'], /--target \.\/no\/such\/driver\.ts: no driver file there/],
    [['run', '--suite', 'smoke', '--shard', '3/2'], /--shard i\/n needs 1 <= i <= n/],
    [['run', '--suite', 'smoke', '--time-budget', 'soon'], /--time-budget "soon" is not a duration/],
    [['run', '--suite', 'smoke', '--failover', 'sometimes'], /--failover "sometimes" is not valid; valid: auto, manual/],
    [['run', '--suite', 'smoke', '--seed', '-4'], /--seed "-4" is not a non-negative integer/],
    [['run'], /--suite is required/],
    [['run', '--suite', 'smoke', '--frobnicate'], /unknown option '--frobnicate'/],
    [['repro', '/nonexistent/run', 'x'], /is not a run directory/],
    [['bench', 'nope'], /unknown benchmark "nope"; valid: .*matrix/],
    [['selftest', '--bugs', 'early-relase'], /unknown bug "early-relase" for target colo-ref; valid: .*early-release/],
    [['run', '--suite', 'smoke', '--qemu', '/usr/bin/env'], /--qemu applies to --target qemu, not colo-ref/],
    [['run', '--suite', 'qemu-smoke', '--target', 'qemu', '--qemu', '/nonexistent/qemu'], /--qemu \/nonexistent\/qemu: no executable file there/],
    [['run', '--suite', 'qemu-smoke', '--target', 'qemu', '--manager', 'maybe'], /--manager "maybe" is not valid; valid: on, off/],
    [['run', '--suite', 'smoke', '-o', 'pages'], /--target-option "pages" must look like key=value/],
    [['run', '--suite', 'qemu-manager'], /could not be collected: suite qemu-manager .*run it with --target qemu, not colo-ref/],
    [['run', '--suite', 'smoke', '--case', 'P99-nope'], /unknown case id P99-nope in suite smoke/],
    [['run', '--suite', 'qemu-smoke', '--target', 'qemu', '-o', 'checkpointDelay=soon'], /qemu option checkpointDelay=soon is not a positive number/],
    [['run', '--suite', 'qemu-manager', '--target', 'qemu', '--manager', 'off'], /variant "with manager"\) sets manager=on; the command line's manager=off would change what the variant means/],
    // zero cases selected is an error, not a pass of nothing
    [['run', '--suite', 'smoke', '--case', ''], /--case names no case id/],
    [['run', '--suite', 'smoke', '--shard', '10/10'], /no case selected: suite smoke has 8 cases, shard 10\/10 holds none of them/],
    [['run', '--suite', `${FIXTURES}empty-suite.ts`], /suite .*empty-suite.ts has no cases/],
    // checked before any case starts: options the replica would refuse, a store we cannot write, a seed that would wrap
    [['run', '--suite', 'smoke', '-o', 'frob=1'], /colo-ref target option frob=1 rejected: unknown option '--frob'/],
    [['run', '--suite', 'smoke', '-o', 'pages=many'], /colo-ref target option pages=many rejected: --pages:/],
    [['run', '--suite', 'smoke', '--out', '/dev/null/runs'], /--out \/dev\/null\/runs: \/dev\/null is not a directory/],
    [['run', '--suite', 'smoke', '--out', '/proc/colo-chaos/runs'], /--out \/proc\/colo-chaos\/runs: cannot create directories in \/proc/],
    [['run', '--suite', 'smoke', '--seed', '4294967296'], /--seed must be at most 4294967295/],
    [['run', '--config', `${FIXTURES}bad-jobs.config.ts`], /bad-jobs.config.ts: jobs: Too big/],
    [['run', '--suite', 'smoke', '--config', '/nonexistent/colo-chaos.config.ts'], /--config \/nonexistent\/colo-chaos.config.ts: no such file/],
    [['list', 'nope'], /cannot list "nope"; valid: suites, phases, faults, bugs, options/],
    [['list'], /list what\? one of suites, phases, faults, bugs, options, or --suite NAME/],
  ])('%j', async (args, message) => {
    const r = await cli(...args);
    expect(r.exitCode).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  test('--target qemu without the fixed build: one line naming the fix, exit 2, no run store', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'colo-chaos-empty-cache-'));
    try {
      const out = join(cache, 'runs');
      const r = await execa(process.execPath, [BIN, 'run', '--suite', 'qemu-smoke', '--target', 'qemu', '--out', out], { reject: false, timeout: 30_000, env: { COLO_CHAOS_CACHE: cache, COLO_CHAOS_QEMU: '' } });
      expect(r.exitCode).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/the fixed QEMU is not built: run `colo-chaos qemu build`.*--qemu PATH/)]);
      expect(existsSync(out)).toBe(false);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });

  test('list shows the phase matrix: at least 150 stable, readable, unique ids', async () => {
    const a = await cli('list', '--suite', 'phase-matrix');
    const b = await cli('list', '--suite', 'phase-matrix', '--seed', '99');
    expect(a.exitCode).toBe(0);
    const ids = a.stdout.trim().split('\n');
    expect(ids.length).toBeGreaterThanOrEqual(150);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('S7b-crash-primary-cp1');
    expect(ids.every((id) => /^[PS]\d+[ab]?-[a-z_]+-[a-z-]+-cp\d+(-\d+b)?$/.test(id))).toBe(true);
    expect(b.stdout).toBe(a.stdout);
  });

  test('shards split the matrix without overlap', async () => {
    const all = (await cli('list', '--suite', 'phase-matrix')).stdout.trim().split('\n');
    const s1 = (await cli('list', '--suite', 'phase-matrix', '--shard', '1/2')).stdout.trim().split('\n');
    const s2 = (await cli('list', '--suite', 'phase-matrix', '--shard', '2/2')).stdout.trim().split('\n');
    expect([...s1, ...s2].sort()).toEqual([...all].sort());
  });
});
