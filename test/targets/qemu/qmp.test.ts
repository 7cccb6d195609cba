// QmpClient: framing and errors against a small real unix-socket peer, then against real QEMU.
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterEach, describe, expect, test } from 'vitest';
import { QmpClient, QmpError } from '../../../targets/qemu/qmp.ts';
import { findBuiltQemu } from '../../../targets/qemu/build.ts';
import { STOCK_QEMU } from '../../../targets/qemu/paths.ts';
import { existsSync } from 'node:fs';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

/** A QMP-speaking peer whose answers the test scripts: handle(cmd, write). */
async function peer(handle: (cmd: { execute: string; id?: string }, write: (s: string) => void, sock: Socket) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'qmp-test-'));
  const path = join(dir, 'qmp.sock');
  const server: Server = createServer((sock) => {
    sock.write('{"QMP": {"version": {"qemu": {"major": 7}}, "capabilities": []}}\r\n');
    let buf = '';
    sock.on('data', (c) => {
      buf += c.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const cmd = JSON.parse(buf.slice(0, nl)) as { execute: string; id?: string };
        buf = buf.slice(nl + 1);
        handle(cmd, (s) => sock.write(s), sock);
      }
    });
    sock.on('error', () => undefined);
  });
  await new Promise<void>((r) => server.listen(path, r));
  cleanups.push(async () => { server.close(); await rm(dir, { recursive: true, force: true }); });
  return path;
}

describe('QmpClient framing and errors (socket peer)', () => {
  test('greeting, capabilities, replies matched by id across split and merged lines, events in between', async () => {
    const path = await peer((cmd, write) => {
      const reply = JSON.stringify({ return: cmd.execute === 'query-status' ? { status: 'running' } : {}, id: cmd.id });
      if (cmd.execute === 'query-status') {
        // an event and the reply in one write, the reply split across two writes
        write(`{"event": "STOP", "data": {}, "timestamp": {"seconds": 1, "microseconds": 2}}\n${reply.slice(0, 7)}`);
        setTimeout(() => write(`${reply.slice(7)}\n`), 20);
      } else write(`${reply}\n`);
    });
    const q = await QmpClient.connect(path, 'peer', 2000);
    cleanups.push(() => q.close());
    const stops: string[] = [];
    q.onEvent((e) => stops.push(e.event));
    expect(await q.execute('query-status')).toEqual({ status: 'running' });
    expect(stops).toEqual(['STOP']);
    expect(q.events[0]).toMatchObject({ event: 'STOP', timestamp: { seconds: 1, microseconds: 2 } });
  });

  test('an error reply rejects with QmpError naming the command and class', async () => {
    const path = await peer((cmd, write) => write(cmd.execute === 'qmp_capabilities'
      ? `{"return": {}, "id": "${cmd.id}"}\n`
      : `{"error": {"class": "GenericError", "desc": "VM is not in COLO mode"}, "id": "${cmd.id}"}\n`));
    const q = await QmpClient.connect(path, 'peer', 2000);
    cleanups.push(() => q.close());
    const err = await q.execute('x-colo-lost-heartbeat').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QmpError);
    expect((err as Error).message).toBe('QMP x-colo-lost-heartbeat failed: GenericError: VM is not in COLO mode');
  });

  test('no reply is a bounded wait; a closed peer rejects pending commands', async () => {
    const path = await peer((cmd, write, sock) => {
      if (cmd.execute === 'qmp_capabilities') write(`{"return": {}, "id": "${cmd.id}"}\n`);
      else if (cmd.execute === 'quit') sock.destroy();
    });
    const q = await QmpClient.connect(path, 'peer', 2000);
    cleanups.push(() => q.close());
    await expect(q.execute('query-status', undefined, 150)).rejects.toThrow('no reply to query-status within 150 ms');
    await expect(q.execute('quit', undefined, 5000)).rejects.toThrow(/connection closed|ECONNRESET/);
    await expect(q.execute('query-status')).rejects.toThrow();
    await expect(q.waitEvent((e) => e.event === 'RESUME', 100, 'RESUME')).rejects.toThrow('no RESUME within 100 ms');
  });

  test('connect gives up with the path it tried', async () => {
    await expect(QmpClient.connect('/nonexistent/qmp.sock', 'x', 300)).rejects.toThrow('no socket at /nonexistent/qmp.sock within 300 ms');
  });
});

const real = (await findBuiltQemu()) ?? (existsSync(STOCK_QEMU) ? STOCK_QEMU : null);

describe.skipIf(!real)(`QmpClient against real QEMU (${real ?? 'no QEMU installed'})`, () => {
  test('commands, STOP/RESUME events, and a GenericError from x-colo-lost-heartbeat outside COLO', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'qmp-qemu-'));
    const sock = join(dir, 'q.sock');
    const proc = execa(real!, ['-M', 'none', '-display', 'none', '-monitor', 'none', '-S', '-qmp', `unix:${sock},server=on,wait=off`], { reject: false, detached: true, stdin: 'ignore' });
    cleanups.push(async () => { proc.kill('SIGKILL'); await proc; await rm(dir, { recursive: true, force: true }); });
    const q = await QmpClient.connect(sock, 'qemu', 20_000);
    cleanups.push(() => q.close());
    expect(await q.execute('query-status')).toMatchObject({ status: 'prelaunch', running: false });
    const from = q.events.length;
    await q.execute('cont');
    await q.waitEvent((e) => e.event === 'RESUME', 5000, 'RESUME', from);
    await q.execute('stop');
    await q.waitEvent((e) => e.event === 'STOP', 5000, 'STOP', from);
    expect(await q.execute('query-colo-status')).toEqual({ mode: 'none', 'last-mode': 'none', reason: 'none' });
    await expect(q.execute('x-colo-lost-heartbeat')).rejects.toBeInstanceOf(QmpError);
  }, 40_000);
});
