// The checkpoint link's stall watchdog fires on a link that makes no progress, but not because this
// process itself was starved: a tick far behind its schedule starts the clock again (on a loaded
// machine the primary's initial sync died of its own stall with the secondary's reply unread).
import { expect, test } from 'vitest';
import { Stall } from '../../../../targets/colo-ref/primary/stall.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('no progress for its bound: the stall fires', async () => {
  let fired = 0;
  const s = new Stall(200, () => fired++);
  s.start();
  await sleep(500);
  s.stop();
  expect(fired).toBe(1);
});

test('this process blocked past the bound: no stall when it runs again, one later if still no progress', async () => {
  let fired = 0;
  const s = new Stall(200, () => fired++);
  s.start();
  const until = performance.now() + 600;
  while (performance.now() < until); // the event loop blocked, as a starved or stopped process
  await sleep(100);
  expect(fired).toBe(0);
  await sleep(300);
  s.stop();
  expect(fired).toBe(1);
});
