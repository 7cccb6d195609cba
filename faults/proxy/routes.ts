// Toxiproxy 2.12's REST handlers (api.go), plus the /x-colo-chaos/ extension routes.
// A handler gets the decoded path parameters and body and returns a reply; errors are thrown
// as ApiError and become {"error", "status"} bodies.
import type { ProxyCollection } from './collection.ts';
import { parseBody } from './decode.ts';
import { ERR } from './errors.ts';
import type { Proxy } from './proxy.ts';
import { decodeProxy, requireFields } from './proxy-body.ts';
import { CONTENT_TYPE as METRICS_TYPE } from './metrics.ts';
import { populate } from './populate.ts';
import { parseNewToxic, parseToxicUpdate, toxicJson } from './toxic.ts';
import type { Reply } from './reply.ts';

export const VERSION = '2.12.0';
/** The extension prefix; real Toxiproxy answers 404 there, which is how clients detect it. */
export const EXTENSION_PREFIX = '/x-colo-chaos';

export interface Request {
  params: string[];
  body: string;
  query: URLSearchParams;
}

type Handler = (c: ProxyCollection, r: Request) => Promise<Reply>;

const ok = (json: unknown, status = 200): Reply => ({ status, json });
const noContent: Reply = { status: 204, empty: true };

const proxyOf = (c: ProxyCollection, r: Request): Proxy => c.get(r.params[0]!);

/** A route: its path ('*' a parameter), handlers by method ('*' any), and whether it is on. */
export const ROUTES: Array<{ path: string; methods: Record<string, Handler>; when?: (c: ProxyCollection) => boolean }> = [
  { path: '/reset', methods: { POST: async (c) => {
    for (const p of c.all()) {
      await p.start();
      p.resetToxics();
    }
    c.log.add('*', 'reset');
    return noContent;
  } } },
  { path: '/proxies', methods: {
    GET: async (c) => ok(Object.fromEntries(c.all().map((p) => [p.name, p.toJSON()]))),
    POST: async (c, r) => {
      const input = decodeProxy(parseBody(r.body), {});
      requireFields(input);
      return ok((await c.add(input, input.enabled)).toJSON(), 201);
    },
  } },
  { path: '/populate', methods: { POST: async (c, r) => populate(c, r.body) } },
  { path: '/proxies/*', methods: {
    GET: async (c, r) => ok(proxyOf(c, r).toJSON()),
    POST: async (c, r) => proxyUpdate(c, r),
    PATCH: async (c, r) => proxyUpdate(c, r),
    DELETE: async (c, r) => {
      await c.remove(r.params[0]!);
      return noContent;
    },
  } },
  { path: '/proxies/*/toxics', methods: {
    GET: async (c, r) => ok(proxyOf(c, r).toxicList()),
    POST: async (c, r) => {
      const proxy = proxyOf(c, r);
      const toxic = parseNewToxic(parseBody(r.body), (n) => proxy.toxic(n) !== undefined, (n) => c.toxicRandom(proxy.name, n));
      proxy.addToxic(toxic);
      return ok(toxicJson(toxic));
    },
  } },
  { path: '/proxies/*/toxics/*', methods: {
    GET: async (c, r) => ok(toxicJson(toxicOf(c, r).toxic)),
    POST: async (c, r) => toxicUpdate(c, r),
    PATCH: async (c, r) => toxicUpdate(c, r),
    DELETE: async (c, r) => {
      const { proxy, toxic } = toxicOf(c, r);
      proxy.removeToxic(toxic);
      return noContent;
    },
  } },
  { path: '/version', methods: {
    GET: async () => ({ status: 200, text: `{"version": "${VERSION}"}\n`, type: 'application/json;charset=utf-8' }),
  } },
  { path: '/metrics', when: (c) => c.metrics.enabled, methods: {
    '*': async (c) => ({ status: 200, text: c.metrics.text(), type: METRICS_TYPE }),
  } },
  // extensions, not in Toxiproxy
  { path: `${EXTENSION_PREFIX}/info`, methods: { GET: async (c) => ok({ name: 'colo-chaos', toxiproxy: VERSION, seed: c.seed }) } },
  { path: `${EXTENSION_PREFIX}/proxies/*/stats`, methods: { GET: async (c, r) => ok({ name: r.params[0], ...proxyOf(c, r).stats() }) } },
  { path: `${EXTENSION_PREFIX}/events`, methods: { GET: async (c, r) => ok(c.log.since(Number(r.query.get('since') ?? 0) || 0)) } },
];

async function proxyUpdate(c: ProxyCollection, r: Request): Promise<Reply> {
  const proxy = proxyOf(c, r);
  const input = decodeProxy(parseBody(r.body), { listen: proxy.listen, upstream: proxy.upstream, enabled: proxy.enabled });
  await proxy.update(input);
  return ok(proxy.toJSON());
}

function toxicOf(c: ProxyCollection, r: Request) {
  const proxy = proxyOf(c, r);
  const toxic = proxy.toxic(r.params[1]!);
  if (!toxic) throw ERR.toxicNotFound;
  return { proxy, toxic };
}

async function toxicUpdate(c: ProxyCollection, r: Request): Promise<Reply> {
  const { proxy, toxic } = toxicOf(c, r);
  Object.assign(toxic, parseToxicUpdate(parseBody(r.body), toxic));
  proxy.updateToxic(toxic);
  return ok(toxicJson(toxic));
}
