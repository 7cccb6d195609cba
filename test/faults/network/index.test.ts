// startFaultNetwork's backends: embedded (always), external (a standalone embedded server
// always; a real toxiproxy-server when TOXIPROXY_URL is set), container (when a runtime is found).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { containerRuntimeMissing, startFaultNetwork, type FaultNetwork } from '../../../faults/network/index.ts';
import { startEmbeddedProxy } from '../../../faults/proxy/index.ts';
import { echoServer, within, type TcpServer } from '../proxy/helpers.ts';

let echo: TcpServer;
beforeAll(async () => {
  echo = await echoServer();
});
afterAll(async () => {
  await echo.close();
});

/** One echo round trip through a new proxy on `net`; the harness's view: client only. */
async function roundTrip(net: FaultNetwork, name: string): Promise<string> {
  const p = await net.client.createProxy({ name, listen: `${net.listenHost}:0`, upstream: echo.address });
  try {
    const port = Number(p.listen.slice(p.listen.lastIndexOf(':') + 1));
    return await within(new Promise<string>((resolve, reject) => {
      const s = connect({ host: net.listenHost, port }, () => s.write('marco'));
      s.once('data', (d) => {
        resolve(d.toString());
        s.destroy();
      });
      s.once('error', reject);
    }), 10_000, `an echo through ${net.kind} proxy ${name}`);
  } finally {
    await p.remove();
  }
}

describe('embedded backend', () => {
  it('is the default without TOXIPROXY_URL, carries traffic, and offers stats and events', async () => {
    const net = await startFaultNetwork({ env: {}, seed: 3 });
    try {
      expect(net.kind).toBe('embedded');
      expect(net.listenHost).toBe('127.0.0.1');
      expect(await net.client.getVersion()).toContain('2.12.0');
      const p = await net.client.createProxy({ name: 'counted', listen: '127.0.0.1:0', upstream: echo.address });
      const port = Number(p.listen.split(':')[1]);
      await within(new Promise<void>((resolve) => {
        const s = connect({ host: '127.0.0.1', port }, () => s.write('12345'));
        s.once('data', () => { s.destroy(); resolve(); });
      }), 10_000, 'the echo');
      const stats = await net.stats!('counted');
      expect(stats).toMatchObject({ name: 'counted', upstreamBytes: 5, downstreamBytes: 5, connections: 1 });
      const { events, next } = await net.events!(0);
      expect(events.map((e) => e.event)).toEqual(expect.arrayContaining(['created', 'connected']));
      expect((await net.events!(next)).events.filter((e) => e.event === 'created')).toEqual([]);
      await p.remove();
    } finally {
      await net.stop();
    }
    await expect(fetch(`${net.url}/version`)).rejects.toThrow();
    await net.stop(); // idempotent
  });

  it('rejects an unknown backend with the valid names', async () => {
    await expect(startFaultNetwork({ backend: 'vm' as never, env: {} })).rejects.toThrow(/unknown fault network backend "vm"; valid: embedded, external, container/);
  });
});

describe('external backend', () => {
  it('uses TOXIPROXY_URL, found by default, with extensions when the server has them', async () => {
    const standalone = await startEmbeddedProxy({ seed: 5 });
    try {
      const net = await startFaultNetwork({ env: { TOXIPROXY_URL: standalone.url } });
      expect(net.kind).toBe('external');
      expect(await roundTrip(net, 'ext-echo')).toBe('marco');
      expect(typeof net.stats).toBe('function');
      await net.stop();
      expect(await (await fetch(`${standalone.url}/version`)).text()).toContain('2.12.0'); // not ours to stop
    } finally {
      await standalone.close();
    }
  });

  it('says clearly when TOXIPROXY_URL is missing, malformed or not answering', async () => {
    await expect(startFaultNetwork({ backend: 'external', env: {} })).rejects.toThrow(/needs TOXIPROXY_URL/);
    await expect(startFaultNetwork({ backend: 'external', env: { TOXIPROXY_URL: 'not a url' } })).rejects.toThrow(/is not a URL/);
    await expect(startFaultNetwork({ backend: 'external', env: { TOXIPROXY_URL: `http://127.0.0.1:${echo.port + 0}` } })).rejects.toThrow(/no Toxiproxy answers at TOXIPROXY_URL/);
  });

  it('works against the real toxiproxy-server at TOXIPROXY_URL', async (ctx) => {
    if (!process.env.TOXIPROXY_URL) return ctx.skip('TOXIPROXY_URL is not set: no real toxiproxy-server to test against');
    const net = await startFaultNetwork({});
    try {
      expect(net.kind).toBe('external');
      expect(await roundTrip(net, `real-${process.pid}`)).toBe('marco');
    } finally {
      await net.stop();
    }
  });
});

describe('container backend', () => {
  it('runs Toxiproxy in a container when a runtime is found, or says why not', async (ctx) => {
    const missing = await containerRuntimeMissing();
    if (missing) {
      await expect(startFaultNetwork({ backend: 'container', env: {} })).rejects.toThrow(/needs Docker or Podman: no container runtime found/);
      return ctx.skip(missing);
    }
    const net = await startFaultNetwork({ backend: 'container', env: {} });
    try {
      expect(net.kind).toBe('container');
      expect(await net.client.getVersion()).toContain('version');
    } finally {
      await net.stop();
    }
  }, 120_000);
});
