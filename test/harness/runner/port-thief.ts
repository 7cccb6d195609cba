// A driver that, on its first start, lets another listener take one of the case's upstream ports
// first (what a parallel process does between the runner's pick and the replica's bind).
import { createServer, type Server } from 'node:net';
import type { TargetDriver } from '../../../core/model/target.ts';

export interface PortThief {
  driver: TargetDriver;
  starts(): number;
  close(): void;
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}

export function stealOnFirstStart(real: TargetDriver, proxy: string): PortThief {
  const held: Server[] = [];
  let starts = 0;
  const driver: TargetDriver = Object.assign(Object.create(real) as TargetDriver, {
    async start(ctx: Parameters<TargetDriver['start']>[0], proxies: Parameters<TargetDriver['start']>[1]) {
      if (starts++ === 0) held.push(await listen(Number(proxies.get(proxy)!.upstream.split(':')[1])));
      return real.start(ctx, proxies);
    },
  });
  return { driver, starts: () => starts, close: () => { for (const s of held) s.close(); } };
}
