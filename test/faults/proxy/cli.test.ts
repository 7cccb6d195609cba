// `colo-chaos proxy` runs the embedded server like toxiproxy-server until SIGTERM.
import { expect, it } from 'vitest';
import { execa } from 'execa';
import getPort from 'get-port';
import { fileURLToPath } from 'node:url';
import { within } from './helpers.ts';

const main = fileURLToPath(new URL('../../../harness/cli/main.ts', import.meta.url));

it('serves the Toxiproxy API on the given port and stops on SIGTERM', async () => {
  const port = await getPort({ host: '127.0.0.1' });
  const child = execa(process.execPath, ['--import', import.meta.resolve('tsx'), main, 'proxy', '--port', String(port), '--seed', '9'], { reject: false, cleanup: true });
  try {
    await within((async () => {
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/version`).then((r) => r.text(), () => null);
        if (ok) return expect(ok).toBe('{"version": "2.12.0"}\n');
        await new Promise((r) => setTimeout(r, 100));
      }
    })(), 30_000, `colo-chaos proxy to answer on port ${port}`);
    const info = await (await fetch(`http://127.0.0.1:${port}/x-colo-chaos/info`)).json();
    expect(info).toMatchObject({ seed: 9 });
    child.kill('SIGTERM');
    const done = await within(child, 10_000, 'colo-chaos proxy to exit after SIGTERM');
    expect(done.exitCode).toBe(0);
    expect(done.stdout).toContain(`listening on http://127.0.0.1:${port}`);
    await expect(fetch(`http://127.0.0.1:${port}/version`)).rejects.toThrow();
  } finally {
    child.kill('SIGKILL');
  }
}, 45_000);
