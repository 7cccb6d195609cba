// The embedded fault proxy: a Toxiproxy 2.12-compatible server written here.
export { startEmbeddedProxy, type EmbeddedProxy } from './server.ts';
export { EXTENSION_PREFIX } from './routes.ts';
export type { ProxyStats } from './proxy.ts';
export type { ProxyEvent } from './events.ts';
