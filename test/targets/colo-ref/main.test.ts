// The replica's command line: bad arguments and missing peers end with exit 2 and one clear line.
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import getPort from 'get-port';
import { BUGS } from '../../../targets/colo-ref/bugs.ts';

const MAIN = path.resolve('targets/colo-ref/main.ts');
const run = (args: string[]) => execa(process.execPath, ['--import', 'tsx', MAIN, ...args], { reject: false, timeout: 20_000 });

describe('colo-ref main.ts', () => {
  it.concurrent('rejects an unknown bug, listing the valid names', async () => {
    const r = await run(['--role', 'primary', '--control', '127.0.0.1:1', '--client-listen', '1', '--bug', 'nope']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    for (const b of BUGS) expect(r.stderr).toContain(b);
  });

  it.concurrent('rejects a bad value and a missing role-specific option', async () => {
    const bad = await run(['--role', 'secondary', '--control', 'nohost', '--client-listen', '1']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--control: expected HOST:PORT/);
    const missing = await run(['--role', 'secondary', '--control', '127.0.0.1:1', '--client-listen', '1']);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/--checkpoint-listen is required for --role secondary/);
  });

  it.concurrent('exits 2 within its bound when the secondary never appears', async () => {
    const control = net.createServer((s) => s.resume());
    await new Promise<void>((r) => control.listen(0, '127.0.0.1', r));
    const cport = (control.address() as net.AddressInfo).port;
    const [a, b, c, d, e] = await Promise.all([1, 2, 3, 4, 5].map(() => getPort({ host: '127.0.0.1' })));
    const t0 = Date.now();
    const r = await run([
      '--role', 'primary', '--control', `127.0.0.1:${cport}`, '--client-listen', String(a), '--svm-out-listen', String(b),
      '--checkpoint-connect', `127.0.0.1:${c}`, '--mirror-connect', `127.0.0.1:${d}`, '--heartbeat-connect', `127.0.0.1:${e}`,
      '--connect-timeout', '1000',
    ]);
    control.close();
    expect(r.exitCode).toBe(2);
    // the first link the primary connects is the mirror
    expect(r.stderr).toContain(`secondary mirror listener at 127.0.0.1:${d} did not appear within 1000 ms`);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });
});
