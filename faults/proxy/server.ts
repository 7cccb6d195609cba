// The embedded Toxiproxy-compatible server, in process: the REST API on host:port (127.0.0.1
// and a free port unless told otherwise) and every proxy it creates. close() stops it all.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { formatAddress } from './address.ts';
import { ProxyCollection } from './collection.ts';
import { apiListener, READ_TIMEOUT_MS } from './http.ts';

export interface EmbeddedProxyOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Seed for jitter, toxicity and slicer draws. */
  seed?: number;
  /** How long a request body may take to arrive (Toxiproxy's ReadTimeout: 15 s). */
  bodyTimeoutMs?: number;
  /** toxiproxy-server -proxy-metrics: byte counters per proxy and direction on /metrics. */
  proxyMetrics?: boolean;
  /** toxiproxy-server -runtime-metrics: process metrics on /metrics. */
  runtimeMetrics?: boolean;
}

export interface EmbeddedProxy {
  url: string;
  host: string;
  port: number;
  seed: number;
  close(): Promise<void>;
}

export async function startEmbeddedProxy(opts: EmbeddedProxyOptions = {}): Promise<EmbeddedProxy> {
  const host = opts.host ?? '127.0.0.1';
  const seed = opts.seed ?? 1;
  const collection = new ProxyCollection(seed, host, { proxy: opts.proxyMetrics ?? false, runtime: opts.runtimeMetrics ?? false });
  const http = createServer({ keepAliveTimeout: 60_000 }, apiListener(collection, { bodyTimeoutMs: opts.bodyTimeoutMs ?? READ_TIMEOUT_MS }));
  await new Promise<void>((resolve, reject) => {
    http.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`the embedded proxy cannot listen on ${host}:${opts.port ?? 0}: ${e.code ?? e.message}`)));
    http.listen({ host, port: opts.port ?? 0 }, resolve);
  });
  const port = (http.address() as AddressInfo).port;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${formatAddress(host, port)}`,
    host,
    port,
    seed,
    close: () => (closing ??= (async () => {
      const done = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await collection.clear();
      await done;
    })()),
  };
}
