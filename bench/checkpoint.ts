// Checkpoint bench for colo-ref: downtime p50/p99 and transfer MB/s for a 64 MiB guest at 5%,
// 25% and 100% dirty pages, next to raw loopback TCP measured in the same run; secondary RSS.
// Run: npx tsx bench/checkpoint.ts [--pages N] [--runs N]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as hdr from 'hdr-histogram-js';
import { coloRefDriver, type ColoRefPair } from '../targets/colo-ref/driver.ts';
import { startStandalonePair } from '../harness/runner/standalone.ts';
import type { TargetEvent } from '../core/model/target.ts';
import net from 'node:net';
import { execa } from 'execa';
import { numberFlag } from './lib/util.ts';
import { within } from '../core/within.ts';

const FRACTIONS = [0.05, 0.25, 1];

// Baseline: raw TCP over loopback between two processes (a sink child that discards).
const SINK = `
const net = require('node:net');
const want = Number(process.argv[1]);
const srv = net.createServer((s) => { let got = 0; s.on('data', (d) => { got += d.length; if (got >= want) { s.end('k'); srv.close(); } }); });
srv.listen(0, '127.0.0.1', () => process.stdout.write(String(srv.address().port) + '\\n'));
`;

/** MB/s (10^6 bytes) for `bytes` sent in 1 MiB writes to a sink process. */
async function loopbackMBps(bytes = 256 << 20): Promise<number> {
  const sink = execa(process.execPath, ['-e', SINK, String(bytes)], { reject: false, timeout: 60_000 });
  try {
    const port = await within(new Promise<number>((resolve, reject) => {
      sink.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim())));
      void sink.then((r) => reject(new Error(`loopback sink exited early: ${r.stderr}`)));
    }), 10_000, 'loopback sink port');
    const sock = net.connect({ host: '127.0.0.1', port });
    try {
      // a sink that dies mid-transfer ends every wait below: the socket errors or closes
      const broken = new Promise<never>((_, reject) => {
        sock.once('error', reject);
        sock.once('close', () => reject(new Error('loopback sink closed the connection')));
      });
      broken.catch(() => undefined); // also rejects on our own destroy() below: only the races read it
      await within(Promise.race([new Promise((r) => sock.once('connect', r)), broken]), 10_000, 'loopback connect');
      const chunk = Buffer.alloc(1 << 20, 7);
      const t0 = performance.now();
      const done = new Promise((r) => sock.once('data', r));
      await within(Promise.race([(async () => {
        for (let sent = 0; sent < bytes; sent += chunk.length) {
          if (!sock.write(chunk)) await new Promise((r) => sock.once('drain', r));
        }
        await done;
      })(), broken]), 60_000, `loopback transfer of ${bytes} bytes`);
      const ms = performance.now() - t0;
      return bytes / 1e6 / (ms / 1000);
    } finally {
      sock.destroy();
    }
  } finally {
    sink.kill('SIGKILL');
    await sink;
  }
}

function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export async function run(args: string[]): Promise<void> {
  const pages = numberFlag(args, 'pages', 16384);
  const runs = numberFlag(args, 'runs', 15);
  const baseline = await loopbackMBps();
  // Times from the replica's own clock (`at`): downtime as the primary measured it (P12's
  // downtimeMs, P3 -> P12), transfer = P6 -> P9. Direct links: the fault proxy's cost is bench proxy's.
  const standalone = await startStandalonePair<ColoRefPair>(coloRefDriver,
    { pages, checkpointDelay: 3_600_000, nonceRate: 0, heartbeatTimeout: 5000, lease: 2000, stallTimeout: 10_000 },
    { direct: true, failover: 'manual' });
  const { pair, events: seen } = standalone;
  const waitPhase = async (phase: string, n: number): Promise<Extract<TargetEvent, { type: 'phase' }>> =>
    (await standalone.waitEvent((ev) => ev.type === 'phase' && ev.role === 'primary' && ev.phase === phase && ev.checkpoint === n,
      60_000, `${phase} of checkpoint ${n}`)) as Extract<TargetEvent, { type: 'phase' }>;
  const rows: string[] = [];
  let fullRate = 0;
  try {
    let n = 1;
    for (const f of FRACTIONS) {
      const h = hdr.build();
      let bytes = 0;
      let transferMs = 0;
      for (let r = 0; r < runs; r++, n++) {
        await pair.request('primary', { type: 'bench-dirty', fraction: f });
        await pair.checkpointNow();
        const [p6, p9, p12] = [await waitPhase('P6', n), await waitPhase('P9', n), await waitPhase('P12', n)];
        h.recordValue(Math.round(p12.downtimeMs! * 1000));
        const cp = seen.find((ev) => ev.type === 'checkpoint' && ev.role === 'primary' && ev.n === n);
        bytes += cp?.type === 'checkpoint' ? (cp.bytes ?? 0) : 0;
        transferMs += p9.at! - p6.at!;
      }
      const rate = bytes / 1e6 / (transferMs / 1000);
      if (f === 1) fullRate = rate;
      rows.push(`${`${f * 100}%`.padEnd(6)} ${String(Math.round(pages * f)).padStart(6)} ${String(runs).padStart(5)} ${(h.getValueAtPercentile(50) / 1000).toFixed(1).padStart(10)} ${(h.getValueAtPercentile(99) / 1000).toFixed(1).padStart(9)} ${rate.toFixed(0).padStart(9)}`);
      h.destroy();
    }
    const rss = rssMiB(pair.pid('secondary'));
    const guest = (pages * 4096) / (1 << 20);
    console.log(`colo-ref checkpoint bench: guest ${guest} MiB (${pages} pages), ${runs} checkpoints per row`);
    console.log(`loopback TCP (two processes, 1 MiB writes): ${baseline.toFixed(0)} MB/s`);
    console.log('dirty   pages  runs  down p50ms  p99 ms    MB/s');
    for (const r of rows) console.log(r);
    console.log(`secondary RSS: ${rss.toFixed(0)} MiB = ${(rss / guest).toFixed(2)}x guest (guest RAM + colo cache + runtime)`);
    console.log(`checkpoint transfer: ${fullRate.toFixed(0)} MB/s = ${(fullRate / baseline).toFixed(2)}x loopback`);
  } finally {
    await standalone.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run(process.argv.slice(2)).catch((e: unknown) => {
    console.error(`bench checkpoint: ${(e as Error).message}`);
    process.exit(2);
  });
}
