// The embedded fault proxy: a Toxiproxy 2.12-compatible server written here.
export { startEmbeddedProxy, type EmbeddedProxy, type EmbeddedProxyOptions } from './server.ts';
export { runProxyServer } from './cli.ts';
export { EXTENSION_PREFIX, VERSION } from './routes.ts';
export type { ProxyStats, ProxyJson } from './proxy.ts';
export type { ProxyEvent } from './events.ts';
export type { ToxicJson } from './toxic.ts';
