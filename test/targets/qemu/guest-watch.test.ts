// GuestWatch turns a guest's own trouble into `guest` events: kernel trouble on the serial console
// (scanned when the QEMU exits, before anyone awaiting the exit goes on) and QMP's reset/panic events;
// a host-side shutdown or a harness `system_reset` is not the guest's doing.
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import type { TargetEvent } from '../../../core/model/target.ts';
import { GuestWatch } from '../../../targets/qemu/guest-watch.ts';

const dirs: string[] = [];
afterEach(async () => { for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true }); });

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

async function setup(serial: { primary: string; secondary: string }) {
  const d = await mkdtemp(join(tmpdir(), 'guest-watch-'));
  dirs.push(d);
  const exits = { primary: deferred(), secondary: deferred() };
  const replicas = {
    primary: { serialLog: join(d, 'p.log'), exited: exits.primary.promise },
    secondary: { serialLog: join(d, 's.log'), exited: exits.secondary.promise },
  };
  await writeFile(replicas.primary.serialLog, serial.primary);
  await writeFile(replicas.secondary.serialLog, serial.secondary);
  const events: TargetEvent[] = [];
  const held = { primary: -1, secondary: -1 };
  return { watch: new GuestWatch(replicas, (e) => events.push(e), (r) => held[r]), events, exits, held, replicas };
}

describe('GuestWatch', () => {
  test('a panic on the secondary\'s console is reported when it exits, once, before the exit\'s awaiters go on', async () => {
    const { watch, events, exits } = await setup({ primary: 'COLO-GUEST-READY\n', secondary: 'COLO-GUEST-READY\n[ 9.1] Kernel panic - not syncing: Fatal exception\n' });
    exits.secondary.resolve();
    await exits.secondary.promise;
    expect(events).toEqual([{ type: 'guest', role: 'secondary', what: 'panic', message: 'its console says "[ 9.1] Kernel panic - not syncing: Fatal exception"' }]);
    watch.scan('secondary');
    exits.primary.resolve();
    await exits.primary.promise;
    expect(events).toHaveLength(1);
  });

  test('QMP: a guest-reset shutdown and GUEST_PANICKED count; a host signal or a harness system_reset does not', async () => {
    const { watch, events } = await setup({ primary: '', secondary: '' });
    watch.qmp('primary', { event: 'SHUTDOWN', data: { guest: false, reason: 'host-signal' } });
    watch.qmp('primary', { event: 'RESET', data: { guest: false, reason: 'host-qmp-system-reset' } });
    watch.qmp('secondary', { event: 'SHUTDOWN', data: { guest: true, reason: 'guest-reset' } });
    watch.qmp('primary', { event: 'GUEST_PANICKED', data: { action: 'pause' } });
    expect(events.map((e) => e.type === 'guest' && `${e.role} ${e.what}`)).toEqual(['secondary reset', 'primary panic']);
  });

  test('polled while running: a panic is reported when it appears, with the checkpoint the role held then', async () => {
    const { watch, events, held, replicas } = await setup({ primary: 'COLO-GUEST-READY\n', secondary: 'COLO-GUEST-READY\n' });
    held.secondary = 3;
    watch.poll(20);
    try {
      await new Promise((r) => setTimeout(r, 100));
      expect(events).toEqual([]);
      await appendFile(replicas.secondary.serialLog, 'BUG: unable to handle page fault for address: 0000000000001000\n');
      const deadline = Date.now() + 5000;
      while (!events.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(events).toEqual([{ type: 'guest', role: 'secondary', what: 'panic', checkpoint: 3, message: 'its console says "BUG: unable to handle page fault for address: 0000000000001000"' }]);
    } finally {
      watch.close();
    }
  });
});
