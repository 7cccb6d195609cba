// /populate as Toxiproxy 2.12 answers it: the listen address resolved before comparing (a proxy
// named by host name is the same proxy, kept with its toxics), {"proxies": null} for nothing, and
// every error as JSON that carries the proxies made so far.
import { expect, it } from 'vitest';
import { connectTo, embeddedWithEcho, raw, tcpServer, within } from './helpers.ts';

const fx = embeddedWithEcho();

const portOf = (listen: string): number => Number(listen.slice(listen.lastIndexOf(':') + 1));

it('keeps a proxy populated again under a host name for its address (localhost vs 127.0.0.1), toxics and all', async () => {
  const p = await fx.h.client.createProxy({ name: 'same', listen: '127.0.0.1:0', upstream: fx.echo.address });
  await p.addToxic({ name: 'slow', type: 'latency', stream: 'downstream', toxicity: 1, attributes: { latency: 1, jitter: 0 } });
  const again = await fx.h.client.populate([{ name: 'same', listen: `localhost:${portOf(p.listen)}`, upstream: fx.echo.address }]);
  expect(again['same']!.listen).toBe(p.listen);
  const toxics = JSON.parse((await raw(fx.h, 'GET', '/proxies/same/toxics')).text) as Array<{ name: string }>;
  expect(toxics.map((t) => t.name)).toEqual(['slow']);
  await p.remove();
});

it('does not restart a proxy updated to a host name for its own address: open connections live on', async () => {
  const p = await fx.h.client.createProxy({ name: 'upd', listen: '127.0.0.1:0', upstream: fx.echo.address });
  const s = await connectTo(p.listen);
  const echoed = (text: string): Promise<string> => {
    const back = within(new Promise<string>((resolve) => s.once('data', (c: Buffer) => resolve(c.toString()))), 5_000, 'the echo');
    s.write(text);
    return back;
  };
  expect(await echoed('one')).toBe('one');
  const updated = await p.update({ listen: `localhost:${portOf(p.listen)}`, upstream: fx.echo.address, enabled: true });
  expect(updated.listen).toBe(p.listen);
  expect(await echoed('two')).toBe('two');
  s.destroy();
  await p.remove();
});

it('answers an empty list with 201 {"proxies":null}', async () => {
  const r = await raw(fx.h, 'POST', '/populate', '[]');
  expect(r).toEqual({ status: 201, text: '{"proxies":null}', type: 'application/json' });
  expect(await raw(fx.h, 'POST', '/populate', 'null')).toEqual(r);
});

it.each([
  ['[{"name":"x"}]', 400, 'missing required field: upstream at proxy 1'],
  ['[{"upstream":"127.0.0.1:1"}]', 400, 'missing required field: name at proxy 1'],
  ['{"name":"x"}', 400, 'bad request body: json: cannot unmarshal object into Go value of type []toxiproxy.Proxy'],
  ['', 400, 'bad request body: EOF'],
])('answers %s with %i as JSON carrying proxies: null', async (body, status, error) => {
  const r = await raw(fx.h, 'POST', '/populate', body);
  expect(r).toEqual({ status, text: JSON.stringify({ error, status, proxies: null }), type: 'application/json' });
});

it('answers a listen conflict part way with the error and the proxies made before it', async () => {
  const taken = await tcpServer(() => undefined);
  try {
    const r = await raw(fx.h, 'POST', '/populate', JSON.stringify([
      { name: 'first', listen: '127.0.0.1:0', upstream: fx.echo.address },
      { name: 'second', listen: `localhost:${taken.port}`, upstream: fx.echo.address },
    ]));
    expect(r.status).toBe(500);
    expect(r.type).toBe('application/json');
    const body = JSON.parse(r.text) as { error: string; status: number; proxies: Array<{ name: string }> };
    expect(Object.keys(body)).toEqual(['error', 'status', 'proxies']);
    expect(body.error).toBe(`listen tcp ${taken.address}: bind: address already in use`);
    expect(body.proxies.map((p) => p.name)).toEqual(['first']);
  } finally {
    await raw(fx.h, 'DELETE', '/proxies/first');
    await taken.close();
  }
});
