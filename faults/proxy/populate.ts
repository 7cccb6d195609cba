// POST /populate as Toxiproxy 2.12's Populate: create or replace each proxy of the list in order
// (one with the same resolved listen and upstream is kept as it is, toxics and all), stop at
// the first error. Every answer is JSON with "proxies" (null when none), errors included:
// {"error", "status", "proxies": the ones done before it}.
import type { ProxyCollection } from './collection.ts';
import { jsonType, parseBody } from './decode.ts';
import { ApiError, ERR, toApiError } from './errors.ts';
import type { Proxy } from './proxy.ts';
import { decodeProxy, requireFields } from './proxy-body.ts';
import type { Reply } from './reply.ts';

export async function populate(c: ProxyCollection, body: string): Promise<Reply> {
  const done: Proxy[] = [];
  // Go marshals an empty slice it built with append as null
  const proxies = (): unknown => (done.length > 0 ? done.map((p) => p.toJSON()) : null);
  try {
    const value = parseBody(body);
    // null is an empty list, as in Go
    if (value !== null && !Array.isArray(value)) {
      throw ApiError.join(`json: cannot unmarshal ${jsonType(value)} into Go value of type []toxiproxy.Proxy`, ERR.badRequestBody);
    }
    const inputs = ((value as unknown[] | null) ?? []).map((v) => decodeProxy(v, {}));
    inputs.forEach((p, i) => requireFields(p, ` at proxy ${i + 1}`));
    for (const p of inputs) done.push(await c.addOrReplace(p, p.enabled));
    return { status: 201, json: { proxies: proxies() } };
  } catch (e) {
    const err = toApiError(e);
    return { status: err.status, json: { error: err.message, status: err.status, proxies: proxies() } };
  }
}
