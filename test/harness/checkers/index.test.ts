import { spawn } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { cleanup, survivingProcesses } from '../../../harness/checkers/cleanup.ts';
import { compose, runCheckers, type Checker } from '../../../harness/checkers/index.ts';
import { input, takeoverTimeline } from './fixtures.ts';

describe('composition', () => {
  test('fail beats unknown beats pass', () => {
    expect(compose(['pass', 'unknown', 'fail'])).toBe('fail');
    expect(compose(['pass', 'unknown'])).toBe('unknown');
    expect(compose(['pass', 'pass'])).toBe('pass');
  });

  test('a crashed checker gives unknown, not a crash', async () => {
    const boom: Checker = { name: 'liveness', check: () => { throw new Error('boom'); } };
    const r = await runCheckers(input(takeoverTimeline(2, 'd2')), [boom]);
    expect(r.verdict).toBe('unknown');
    expect(r.checks[0]!.violations[0]).toMatch(/crashed: boom/);
  });
});

describe('cleanup', () => {
  test('sees a live process group, and passes once it is gone', async () => {
    const child = spawn('sleep', ['30'], { detached: true, stdio: 'ignore' });
    const pid = child.pid!;
    const facts = { pids: [pid], proxyNames: ['p1'], tempDirs: ['/nonexistent-colo-chaos'], remainingProxies: async () => ['p1'] };
    expect(survivingProcesses([pid])).toContain(pid);
    const r = await cleanup.check(input([], { cleanup: facts }));
    expect(r.verdict).toBe('fail');
    expect(r.violations.join(' ')).toMatch(/processes still running.*proxies left.*p1/s);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    process.kill(-pid, 'SIGKILL');
    await exited;
    expect((await cleanup.check(input([], { cleanup: { ...facts, remainingProxies: async () => [] } }))).verdict).toBe('pass');
  });
});
