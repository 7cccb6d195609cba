// `colo-chaos proxy` runs the embedded server like toxiproxy-server until SIGTERM.
import { expect, it } from 'vitest';
import { execa } from 'execa';
import getPort from 'get-port';
import { fileURLToPath } from 'node:url';
import { fetchWithin, waitUntil, within } from './helpers.ts';

const main = fileURLToPath(new URL('../../../harness/cli/main.ts', import.meta.url));

it('serves the Toxiproxy API on the given port and stops on SIGTERM', async () => {
  const port = await getPort({ host: '127.0.0.1' });
  const child = execa(process.execPath, ['--import', import.meta.resolve('tsx'), main, 'proxy', '--port', String(port), '--seed', '9',
    '--proxy-metrics'], { reject: false, cleanup: true });
  try {
    const version = await waitUntil(() => fetchWithin(`http://127.0.0.1:${port}/version`, {}, 2_000).then((r) => r.text(), () => undefined), 30_000, `colo-chaos proxy to answer on port ${port}`, 100);
    expect(version).toBe('{"version": "2.12.0"}\n');
    const info = await (await fetchWithin(`http://127.0.0.1:${port}/x-colo-chaos/info`)).json();
    expect(info).toMatchObject({ seed: 9 });
    // --proxy-metrics turns on Toxiproxy's /metrics (Prometheus text); without it there is no such route
    const metrics = await fetchWithin(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    child.kill('SIGTERM');
    const done = await within(child, 10_000, 'colo-chaos proxy to exit after SIGTERM');
    expect(done.exitCode).toBe(0);
    expect(done.stdout).toContain(`listening on http://127.0.0.1:${port}`);
    await expect(fetch(`http://127.0.0.1:${port}/version`)).rejects.toThrow();
  } finally {
    child.kill('SIGKILL');
  }
}, 45_000);
