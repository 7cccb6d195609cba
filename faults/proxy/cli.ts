// `colo-chaos proxy`: the embedded server run like toxiproxy-server, until SIGINT or SIGTERM.
// proxyMetrics / runtimeMetrics are toxiproxy-server's -proxy-metrics / -runtime-metrics.
import { startEmbeddedProxy } from './server.ts';

export interface ProxyServerOptions {
  host: string;
  port: number;
  seed: number;
  proxyMetrics?: boolean;
  runtimeMetrics?: boolean;
}

export async function runProxyServer(opts: ProxyServerOptions): Promise<void> {
  const server = await startEmbeddedProxy(opts);
  process.stdout.write(`colo-chaos proxy (Toxiproxy 2.12 API) listening on ${server.url}, seed ${server.seed}\n`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.stdout.write(`${signal}: shutting down\n`);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
}
