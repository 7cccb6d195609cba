// The secondary's failover clock: until the primary's first ping after the initial sync it allows
// several timeouts of silence (the primary finishes its side of checkpoint 0 a moment later, on a
// loaded machine over a timeout later); after a ping, one timeout.
import getPort from 'get-port';
import net from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { SecondaryHeartbeat } from '../../../../targets/colo-ref/secondary/heartbeat.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const open: SecondaryHeartbeat[] = [];
afterEach(() => open.splice(0).forEach((h) => h.stop()));

function heartbeat(timeoutMs: number): { hb: SecondaryHeartbeat; silentAfter: number[] } {
  const silentAfter: number[] = [];
  let mode: 'secondary' | 'failed-over' = 'secondary';
  const hb = new SecondaryHeartbeat(timeoutMs, {
    mode: () => mode,
    demote: () => undefined,
    silent: (ms) => {
      silentAfter.push(ms);
      mode = 'failed-over';
    },
  });
  open.push(hb);
  return { hb, silentAfter };
}

test('never pinged: silence up to 5 timeouts before failover', async () => {
  const { hb, silentAfter } = heartbeat(100);
  await hb.listen(await getPort({ host: '127.0.0.1' }));
  hb.watch(true);
  await sleep(300);
  expect(silentAfter).toEqual([]);
  await sleep(400);
  expect(silentAfter).toHaveLength(1);
  expect(silentAfter[0]).toBeGreaterThanOrEqual(500);
});

test('pinged once: one timeout of silence is a failover', async () => {
  const { hb, silentAfter } = heartbeat(100);
  const port = await getPort({ host: '127.0.0.1' });
  await hb.listen(port);
  hb.watch(true);
  const sock = net.connect(port, '127.0.0.1');
  await new Promise((r) => sock.once('connect', r));
  sock.write(JSON.stringify({ t: 'ping', id: 1, sentAt: 0 }) + '\n');
  await sleep(350);
  sock.destroy();
  expect(silentAfter).toHaveLength(1);
  expect(silentAfter[0]).toBeLessThan(300);
});
