// Baseline for the checkpoint bench: raw TCP throughput over loopback between two processes.
import net from 'node:net';
import { execa } from 'execa';

const SINK = `
const net = require('node:net');
const want = Number(process.argv[1]);
const srv = net.createServer((s) => { let got = 0; s.on('data', (d) => { got += d.length; if (got >= want) { s.end('k'); srv.close(); } }); });
srv.listen(0, '127.0.0.1', () => process.stdout.write(String(srv.address().port) + '\\n'));
`;

/** MB/s (10^6 bytes) for `bytes` sent in 1 MiB writes to a sink process. */
export async function loopbackMBps(bytes = 256 << 20): Promise<number> {
  const sink = execa(process.execPath, ['-e', SINK, String(bytes)], { reject: false, timeout: 60_000 });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      sink.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      void sink.then((r) => reject(new Error(`loopback sink exited early: ${r.stderr}`)));
    });
    const sock = net.connect({ host: '127.0.0.1', port });
    await new Promise((r) => sock.once('connect', r));
    const chunk = Buffer.alloc(1 << 20, 7);
    const t0 = performance.now();
    const done = new Promise((r) => sock.once('data', r));
    for (let sent = 0; sent < bytes; sent += chunk.length) {
      if (!sock.write(chunk)) await new Promise((r) => sock.once('drain', r));
    }
    await done;
    const ms = performance.now() - t0;
    sock.destroy();
    return bytes / 1e6 / (ms / 1000);
  } finally {
    sink.kill('SIGKILL');
    await sink;
  }
}
