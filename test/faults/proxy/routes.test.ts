// Every endpoint through toxiproxy-node-client, and raw HTTP for what the client hides.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToxiproxyError } from 'toxiproxy-node-client';
import { connectTo, echoServer, embedded, raw, tcpServer, within, type Harness, type TcpServer } from './helpers.ts';

let h: Harness;
let echo: TcpServer;
beforeAll(async () => {
  h = await embedded();
  echo = await echoServer();
});
afterAll(async () => {
  await h.server.close();
  await echo.close();
});

describe('through toxiproxy-node-client', () => {
  it('reads the version as Toxiproxy 2.12 prints it', async () => {
    expect(await h.client.getVersion()).toBe('{"version": "2.12.0"}\n');
  });

  it('creates, reads, updates and deletes a proxy', async () => {
    const p = await h.client.createProxy({ name: 'crud', listen: '127.0.0.1:0', upstream: echo.address });
    expect(p.enabled).toBe(true);
    expect(p.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(p.listen).not.toBe('127.0.0.1:0');
    const got = await h.client.get('crud');
    expect(got.toJson()).toEqual(p.toJson());
    expect(Object.keys(await h.client.getAll())).toContain('crud');
    const off = await p.update({ enabled: false, listen: p.listen, upstream: p.upstream });
    expect(off.enabled).toBe(false);
    const on = await off.update({ enabled: true, listen: p.listen, upstream: p.upstream });
    expect(on.enabled).toBe(true);
    await p.remove();
    await expect(h.client.get('crud')).rejects.toThrow(ToxiproxyError);
  });

  it('adds, reads, updates and removes toxics with Toxiproxy defaults', async () => {
    const p = await h.client.createProxy({ name: 'tox', listen: '127.0.0.1:0', upstream: echo.address });
    const t = await p.addToxic({ type: 'latency', attributes: { latency: 5 } } as never);
    expect(t.toJson()).toEqual({ name: 'latency_downstream', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 5, jitter: 0 } });
    const read = await p.getToxic<{ latency: number }>('latency_downstream');
    expect(read.attributes.latency).toBe(5);
    const up = await t.update({ ...t.toJson(), attributes: { latency: 9, jitter: 1 } } as never);
    expect(up.attributes).toEqual({ latency: 9, jitter: 1 });
    const full = (await h.client.get('tox')).toJson();
    expect(full.name).toBe('tox');
    const listed = await raw(h, 'GET', '/proxies/tox/toxics');
    expect(JSON.parse(listed.text)).toHaveLength(1);
    await t.remove();
    await expect(p.getToxic('latency_downstream')).rejects.toThrow(/404/);
    await p.remove();
  });

  it('populates (create or replace) and resets', async () => {
    const made = await h.client.populate([
      { name: 'pop-a', listen: '127.0.0.1:0', upstream: echo.address },
      { name: 'pop-b', listen: '127.0.0.1:0', upstream: echo.address, enabled: false },
    ]);
    expect(made['pop-a']!.enabled).toBe(true);
    expect(made['pop-b']!.enabled).toBe(false);
    await made['pop-a']!.addToxic({ name: 'slow', type: 'latency', stream: 'upstream', toxicity: 1, attributes: { latency: 1, jitter: 0 } });
    await h.client.reset();
    const after = await raw(h, 'GET', '/proxies/pop-b');
    expect(JSON.parse(after.text)).toMatchObject({ enabled: true, toxics: [] });
    expect(JSON.parse((await raw(h, 'GET', '/proxies/pop-a')).text).toxics).toEqual([]);
    const other = await echoServer();
    const again = await h.client.populate([
      { name: 'pop-a', listen: made['pop-a']!.listen, upstream: echo.address },
      { name: 'pop-b', listen: '127.0.0.1:0', upstream: other.address },
    ]);
    expect(again['pop-a']!.toJson()).toEqual(made['pop-a']!.toJson()); // same addresses: kept
    expect(again['pop-b']!.upstream).toBe(other.address); // replaced
    await made['pop-a']!.remove();
    await made['pop-b']!.remove();
    await other.close();
  });
});

describe('raw HTTP', () => {
  it('answers 201, 200, 204 and JSON shapes as Toxiproxy', async () => {
    const created = await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'r1', upstream: echo.address, listen: '127.0.0.1:0' }));
    expect(created.status).toBe(201);
    expect(Object.keys(JSON.parse(created.text))).toEqual(['name', 'listen', 'upstream', 'enabled', 'toxics']);
    const toxic = await raw(h, 'POST', '/proxies/r1/toxics', JSON.stringify({ type: 'slicer', stream: 'upstream' }));
    expect(toxic.status).toBe(200);
    expect(JSON.parse(toxic.text)).toEqual({
      attributes: { average_size: 0, size_variation: 0, delay: 0 }, name: 'slicer_upstream', type: 'slicer', stream: 'upstream', toxicity: 1,
    });
    expect((await raw(h, 'DELETE', '/proxies/r1/toxics/slicer_upstream')).status).toBe(204);
    expect((await raw(h, 'POST', '/reset')).status).toBe(204);
    expect((await raw(h, 'DELETE', '/proxies/r1')).status).toBe(204);
  });

  it.each([
    ['POST', '/proxies', '{"name":"x"', 400, /^bad request body: /],
    ['POST', '/proxies', '', 400, /^bad request body: EOF$/],
    ['POST', '/proxies', '{"upstream":"127.0.0.1:1"}', 400, /^missing required field: name$/],
    ['POST', '/proxies', '{"name":"x"}', 400, /^missing required field: upstream$/],
    ['POST', '/proxies', '{"name":5,"upstream":"a:1"}', 400, /cannot unmarshal number 5 into Go struct field/],
    ['GET', '/proxies/nope', undefined, 404, /^proxy not found$/],
    ['DELETE', '/proxies/nope', undefined, 404, /^proxy not found$/],
    ['GET', '/proxies/nope/toxics', undefined, 404, /^proxy not found$/],
  ])('%s %s %s -> %i', async (method, path, body, status, message) => {
    const r = await raw(h, method, path, body);
    expect(r.status).toBe(status);
    expect(r.text.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(r.text) as { error: string; status: number };
    expect(parsed.status).toBe(status);
    expect(parsed.error).toMatch(message);
  });

  it('answers toxic errors: unknown type or stream, duplicate, missing', async () => {
    await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'te', upstream: echo.address, listen: '127.0.0.1:0' }));
    const cases: Array<[string, string | undefined, string, number, string]> = [
      ['POST', '{"type":"frobnicate"}', '/proxies/te/toxics', 400, 'invalid toxic type'],
      ['POST', '{"type":"latency","stream":"sideways"}', '/proxies/te/toxics', 400, 'stream was invalid, can be either upstream or downstream'],
      ['POST', '{"type":"latency","attributes":{"latency":"x"}}', '/proxies/te/toxics', 400, 'bad request body: json: cannot unmarshal string into Go struct field ToxicWrapper.attributes.latency of type int64'],
      ['POST', '{"type":"latency"}', '/proxies/te/toxics', 200, ''],
      ['POST', '{"type":"latency"}', '/proxies/te/toxics', 409, 'toxic already exists'],
      ['GET', undefined, '/proxies/te/toxics/nothing', 404, 'toxic not found'],
      ['DELETE', undefined, '/proxies/te/toxics/nothing', 404, 'toxic not found'],
      ['POST', '{}', '/proxies/te/toxics/nothing', 404, 'toxic not found'],
    ];
    for (const [method, body, path, status, error] of cases) {
      const r = await raw(h, method, path, body);
      expect({ path, status: r.status }).toEqual({ path, status });
      if (error) expect(JSON.parse(r.text)).toEqual({ error, status });
    }
    await raw(h, 'DELETE', '/proxies/te');
  });

  it('answers 409 for a duplicate proxy and 500 when the listen address is taken', async () => {
    const taken = await tcpServer(() => undefined);
    await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'dup', upstream: echo.address, listen: '127.0.0.1:0' }));
    const dup = await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'dup', upstream: echo.address }));
    expect(dup.status).toBe(409);
    expect(JSON.parse(dup.text)).toEqual({ error: 'proxy already exists', status: 409 });
    const busy = await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'busy', upstream: echo.address, listen: taken.address }));
    expect(busy.status).toBe(500);
    expect(JSON.parse(busy.text)).toEqual({ error: `listen tcp ${taken.address}: bind: address already in use`, status: 500 });
    expect((await raw(h, 'GET', '/proxies/busy')).status).toBe(404);
    await raw(h, 'DELETE', '/proxies/dup');
    await taken.close();
  });

  it('echoes a toxic\'s stream as sent and names it from that (Toxiproxy keeps the case; the direction ignores it)', async () => {
    await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'case', upstream: echo.address, listen: '127.0.0.1:0' }));
    const t = await raw(h, 'POST', '/proxies/case/toxics', JSON.stringify({ type: 'latency', stream: 'UpStream' }));
    expect(JSON.parse(t.text)).toMatchObject({ name: 'latency_UpStream', stream: 'UpStream' });
    const listed = JSON.parse((await raw(h, 'GET', '/proxies/case/toxics')).text) as Array<{ stream: string }>;
    expect(listed.map((x) => x.stream)).toEqual(['UpStream']);
    const up = await raw(h, 'POST', '/proxies/case/toxics', JSON.stringify({ name: 'two', type: 'latency', stream: 'upstream' }));
    expect(up.status).toBe(200);
    // both in the upstream chain, in order (Toxiproxy lists upstream first)
    await raw(h, 'POST', '/proxies/case/toxics', JSON.stringify({ name: 'down', type: 'latency' }));
    const order = JSON.parse((await raw(h, 'GET', '/proxies/case/toxics')).text) as Array<{ name: string }>;
    expect(order.map((x) => x.name)).toEqual(['latency_UpStream', 'two', 'down']);
    await raw(h, 'DELETE', '/proxies/case');
  });

  it('creates a proxy without listen on 127.0.0.1 and a free port, and reports the real port', async () => {
    const r = await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'nolisten', upstream: echo.address }));
    expect(r.status).toBe(201);
    const listen = (JSON.parse(r.text) as { listen: string }).listen;
    expect(listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(listen).not.toBe('127.0.0.1:0');
    const s = await connectTo(listen);
    const back = within(new Promise<string>((resolve) => s.once('data', (c: Buffer) => resolve(c.toString()))), 5_000, 'the echo');
    s.write('hi');
    expect(await back).toBe('hi');
    s.destroy();
    await raw(h, 'DELETE', '/proxies/nolisten');
  });

  it('names the resolved address when the listen port is taken (localhost:P -> 127.0.0.1:P), as Go does', async () => {
    const taken = await tcpServer(() => undefined);
    const r = await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'busy2', upstream: echo.address, listen: `localhost:${taken.port}` }));
    expect(JSON.parse(r.text)).toEqual({ error: `listen tcp 127.0.0.1:${taken.port}: bind: address already in use`, status: 500 });
    await taken.close();
  });

  it('answers 405 with an empty body for a known path and another method, 404 text for unknown paths', async () => {
    for (const [method, path] of [['DELETE', '/version'], ['PUT', '/proxies'], ['GET', '/reset'], ['GET', '/populate'], ['PUT', '/proxies/x/toxics']]) {
      const r = await raw(h, method!, path!);
      expect({ method, path, status: r.status, text: r.text }).toEqual({ method, path, status: 405, text: '' });
    }
    const nf = await raw(h, 'GET', '/no/such/thing');
    expect(nf).toMatchObject({ status: 404, text: '404 page not found\n' });
  });

  it('serves the extension endpoints under /x-colo-chaos', async () => {
    await raw(h, 'POST', '/proxies', JSON.stringify({ name: 'ext', upstream: echo.address, listen: '127.0.0.1:0' }));
    const info = JSON.parse((await raw(h, 'GET', '/x-colo-chaos/info')).text);
    expect(info).toMatchObject({ name: 'colo-chaos', toxiproxy: '2.12.0', seed: 7 });
    const stats = JSON.parse((await raw(h, 'GET', '/x-colo-chaos/proxies/ext/stats')).text);
    expect(stats).toEqual({ name: 'ext', upstreamBytes: 0, downstreamBytes: 0, connections: 0, activeConnections: 0, refused: 0 });
    const ev = JSON.parse((await raw(h, 'GET', '/x-colo-chaos/events?since=0')).text) as { events: Array<{ proxy: string; event: string; seq: number }>; next: number };
    expect(ev.events.some((e) => e.proxy === 'ext' && e.event === 'created')).toBe(true);
    const later = JSON.parse((await raw(h, 'GET', `/x-colo-chaos/events?since=${ev.next}`)).text);
    expect(later.events).toEqual([]);
    await raw(h, 'DELETE', '/proxies/ext');
  });
});
