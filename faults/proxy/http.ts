// The HTTP side of the API: route matching as gorilla/mux does it for Toxiproxy (404 text for
// unknown paths, an empty 405 for a known path with another method), one request at a time
// (Toxiproxy serializes on its collection lock; bodies are read before queueing, so a slow
// client holds up nobody; a body gets Toxiproxy's read timeout), and Go's error body format.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyCollection } from './collection.ts';
import { ApiError, toApiError } from './errors.ts';
import { RequestIds } from './request-id.ts';
import { ROUTES } from './routes.ts';
import type { Reply } from './reply.ts';
import { Random } from '../../core/random.ts';

const MAX_BODY = 1 << 20;
// Toxiproxy's http.Server ReadTimeout
export const READ_TIMEOUT_MS = 15_000;

function match(c: ProxyCollection, path: string): { methods: (typeof ROUTES)[number]['methods']; params: string[] } | null {
  const parts = path.split('/');
  for (const route of ROUTES) {
    if (route.when && !route.when(c)) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== parts.length) continue;
    const params: string[] = [];
    if (pattern.every((p, i) => (p === '*' ? parts[i] !== '' && params.push(parts[i]!) > 0 : p === parts[i]))) {
      return { methods: route.methods, params };
    }
  }
  return null;
}

/** A body that did not complete in time: the client gets a 400 and its connection closes. */
class BodyTimeout extends ApiError {}

/** The whole body; rejects with an ApiError (too large, too slow) or the socket's error. */
function readBody(req: IncomingMessage, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => {
      req.removeAllListeners('data').pause();
      reject(new BodyTimeout(`bad request body: i/o timeout: no complete body within ${timeoutMs} ms`, 400));
    }, timeoutMs);
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      clearTimeout(timer);
      if (size > MAX_BODY) reject(new ApiError(`bad request body: larger than ${MAX_BODY} bytes`, 400));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function send(res: ServerResponse, reply: Reply): void {
  if ('empty' in reply) {
    res.writeHead(reply.status, { 'Content-Length': 0 }).end();
  } else if ('text' in reply) {
    res.writeHead(reply.status, { 'Content-Type': reply.type, 'Content-Length': Buffer.byteLength(reply.text) }).end(reply.text);
  } else {
    const body = JSON.stringify(reply.json);
    res.writeHead(reply.status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
  }
}

const plain = (status: number, text: string): Reply => ({ status, text, type: 'text/plain; charset=utf-8' });

/** Middleware runs only on a matched route (gorilla/mux): the request id, then the browser check. */
async function handle(c: ProxyCollection, req: IncomingMessage, res: ServerResponse, body: string, ids: RequestIds): Promise<Reply> {
  const target = req.url ?? '/';
  const q = target.indexOf('?');
  const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
  let path: string;
  try {
    path = decodeURIComponent(q < 0 ? target : target.slice(0, q));
  } catch {
    return plain(400, '400 Bad Request');
  }
  const found = match(c, path);
  if (!found) return plain(404, '404 page not found\n');
  const handler = found.methods[req.method ?? ''] ?? found.methods['*'];
  if (!handler) return { status: 405, empty: true };
  res.setHeader('X-Toxiproxy-Request-Id', ids.next());
  if ((req.headers['user-agent'] ?? '').startsWith('Mozilla/')) return plain(403, 'User agent not allowed\n');
  try {
    return await handler(c, { params: found.params, query, body });
  } catch (e) {
    const err = toApiError(e);
    return plain(err.status, err.body());
  }
}

/**
 * A request listener that answers one request at a time, in the order their bodies completed.
 * A request joins the line only once its body is in, so a slow or vanished client holds up
 * nobody, and every body's failure is handled where it is read.
 */
export function apiListener(c: ProxyCollection, opts: { bodyTimeoutMs: number }): (req: IncomingMessage, res: ServerResponse) => void {
  let line: Promise<void> = Promise.resolve();
  const ids = new RequestIds(new Random(c.seed).fork('request-id'));
  const serve = (req: IncomingMessage, res: ServerResponse, body: string): void => {
    line = line.then(async () => send(res, await handle(c, req, res, body, ids))).catch((e: Error) => {
      if (!res.headersSent) send(res, plain(500, new ApiError(e.message, 500).body()));
    });
  };
  return (req, res) => {
    readBody(req, opts.bodyTimeoutMs).then((body) => serve(req, res, body), (e: unknown) => {
      if (!(e instanceof ApiError)) return void res.destroy(); // the client went away
      if (e instanceof BodyTimeout) res.setHeader('Connection', 'close'); // the rest of its body is not read
      send(res, plain(e.status, e.body()));
    });
  };
}
