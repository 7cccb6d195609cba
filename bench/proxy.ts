// Benchmark: the fault proxy against direct loopback, measured in the same run. Traffic comes
// from a worker process (client, sink and echo server), so the proxy under test gets this
// process to itself, as the embedded server does in the harness. Throughput in MB/s and round
// trip latency p50/p99 (hdr-histogram-js) for: direct, the embedded proxy, and the external
// server at TOXIPROXY_URL when it is set; then the same proxies with a slicer toxic: throughput
// with delay 0 (the cost of slicing) and the round trip of a 16 KiB message sliced with a small
// delay (the time per operation against its ideal, pieces x delay).
// Usage: npx colo-chaos bench proxy [--mib 512] [--runs 5] [--pings 5000]
//   [--slicer-mib 64] [--slice 1024] [--slice-delay 10] [--slicer-ops 200]
import { connect, createServer, type Server, type Socket } from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execaNode, getOneMessage, sendMessage } from 'execa';
import * as hdr from 'hdr-histogram-js';
import { Toxiproxy } from 'toxiproxy-node-client';
import { startEmbeddedProxy } from '../faults/proxy/index.ts';
import { numberFlag } from './lib/util.ts';
import { median } from '../core/percentile.ts';
import { within } from '../core/within.ts';

type Cmd = { cmd: 'throughput'; host: string; port: number; bytes: number } | { cmd: 'latency'; host: string; port: number; n: number; size: number } | { cmd: 'exit' };

// ---- worker: traffic generator -------------------------------------------------------------

async function listen(onSocket: (s: Socket) => void): Promise<Server> {
  const server = createServer({ noDelay: true }, onSocket);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

const portOf = (s: Server): number => (s.address() as { port: number }).port;

function open(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ host, port, noDelay: true }, () => resolve(s));
    s.once('error', reject);
  });
}

async function worker(): Promise<void> {
  let sinkDone: (() => void) | null = null;
  let want = 0;
  let got = 0;
  const sink = await listen((s) => s.on('data', (c: Buffer) => {
    got += c.length;
    if (got >= want) sinkDone?.();
  }));
  const echo = await listen((s) => s.pipe(s));
  await sendMessage({ sink: portOf(sink), echo: portOf(echo) });
  const block = Buffer.alloc(64 * 1024, 0x5a);
  for (;;) {
    const msg = (await getOneMessage()) as Cmd;
    if (msg.cmd === 'exit') break;
    const s = await open(msg.host, msg.port);
    if (msg.cmd === 'throughput') {
      want = msg.bytes;
      got = 0;
      const arrived = new Promise<void>((resolve) => (sinkDone = resolve));
      const t0 = performance.now();
      for (let sent = 0; sent < msg.bytes; sent += block.length) {
        if (!s.write(block)) await new Promise((r) => s.once('drain', r));
      }
      await arrived;
      await sendMessage({ ms: performance.now() - t0 });
    } else {
      const samples: number[] = [];
      const ping = Buffer.alloc(msg.size, 1);
      const warm = Math.min(200, msg.n);
      for (let i = 0; i < msg.n + warm; i++) {
        const t0 = process.hrtime.bigint();
        await new Promise<void>((resolve) => {
          let n = 0;
          const on = (c: Buffer): void => {
            n += c.length;
            if (n >= ping.length) {
              s.off('data', on);
              resolve();
            }
          };
          s.on('data', on);
          s.write(ping);
        });
        if (i >= warm) samples.push(Number(process.hrtime.bigint() - t0) / 1000); // µs, after warm-up
      }
      await sendMessage({ samples });
    }
    s.destroy();
  }
  sink.close();
  echo.close();
}

// ---- main: the proxies under test --------------------------------------------------------------

interface Target {
  label: string;
  host: string;
  sink: number;
  echo: number;
  /** Through a slicer: upstream (delay 0) on the sink proxy, downstream (--slice-delay) on the echo. */
  sliced?: boolean;
}

interface Result {
  label: string;
  mbps: number;
  p50: number;
  p99: number;
  cpuPerGb: number;
}

export async function run(args: string[]): Promise<void> {
  const bytes = numberFlag(args, 'mib', 512) * 1024 * 1024;
  const runs = numberFlag(args, 'runs', 5);
  const pings = numberFlag(args, 'pings', 5000);
  const slicedBytes = numberFlag(args, 'slicer-mib', 64) * 1024 * 1024;
  const slice = numberFlag(args, 'slice', 1024);
  const sliceDelay = numberFlag(args, 'slice-delay', 10, { zero: true });
  const sliceOps = numberFlag(args, 'slicer-ops', 200);
  const opBytes = 16 * 1024;
  const self = fileURLToPath(import.meta.url);
  const child = execaNode(self, ['--worker'], { nodeOptions: ['--import', import.meta.resolve('tsx')], ipc: true, stdio: ['ignore', 'inherit', 'inherit'], cleanup: true });
  const embedded = await startEmbeddedProxy();
  const made: Array<{ remove(): Promise<void> }> = [];
  try {
    // the worker's answers, each bounded: a proxy that loses bytes must not hang the bench
    const reply = <T>(what: string, ms = 120_000): Promise<T> => within(child.getOneMessage() as Promise<T>, ms, `answer from the traffic worker (${what})`);
    const ports = await reply<{ sink: number; echo: number }>('ports', 30_000);
    const targets: Target[] = [{ label: 'direct loopback', host: '127.0.0.1', ...ports }];
    const servers: Array<[string, string, string]> = [['embedded proxy', embedded.url, '127.0.0.1']];
    const ext = process.env.TOXIPROXY_URL;
    if (ext) servers.push(['external toxiproxy', ext.replace(/\/+$/, ''), new URL(ext).hostname]);
    const slicer = (stream: 'upstream' | 'downstream', delay: number) => ({
      name: 'slicer', type: 'slicer' as const, stream, toxicity: 1, attributes: { average_size: slice, size_variation: slice / 4, delay },
    });
    for (const sliced of [false, true]) {
      for (const [label, url, host] of servers) {
        const client = new Toxiproxy(url);
        const mk = async (what: string, port: number): Promise<number> => {
          const p = await client.createProxy({ name: `bench-${what}-${sliced ? 's' : ''}${process.pid}`, listen: `${host}:0`, upstream: `127.0.0.1:${port}` });
          made.push(p);
          if (sliced) await p.addToxic(what === 'sink' ? slicer('upstream', 0) : slicer('downstream', sliceDelay));
          return Number(p.listen.slice(p.listen.lastIndexOf(':') + 1));
        };
        targets.push({ label: sliced ? `${label} + slicer` : label, host, sink: await mk('sink', ports.sink), echo: await mk('echo', ports.echo), sliced });
      }
    }
    // runs interleave the targets, so a load spike on a shared machine hits them alike
    const times = targets.map(() => [] as number[]);
    // this process's CPU during the embedded runs: the proxy's cost, whatever the load
    const cpuMs = targets.map(() => 0);
    for (let i = 0; i < runs; i++) {
      for (const [k, t] of targets.entries()) {
        const cpu = process.cpuUsage();
        await child.sendMessage({ cmd: 'throughput', host: t.host, port: t.sink, bytes: t.sliced ? slicedBytes : bytes });
        times[k]!.push((await reply<{ ms: number }>(`throughput via ${t.label}`)).ms);
        const used = process.cpuUsage(cpu);
        cpuMs[k]! += (used.user + used.system) / 1000;
      }
    }
    const results: Result[] = [];
    for (const [k, t] of targets.entries()) {
      const n = t.sliced ? sliceOps : pings;
      await child.sendMessage({ cmd: 'latency', host: t.host, port: t.echo, n, size: t.sliced ? opBytes : 64 });
      const { samples } = await reply<{ samples: number[] }>(`latency via ${t.label}`, 600_000);
      const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
      for (const s of samples) h.recordValue(Math.max(1, Math.round(s)));
      const moved = t.sliced ? slicedBytes : bytes;
      results.push({ label: t.label, mbps: moved / 1e6 / (median(times[k]!) / 1000), p50: h.getValueAtPercentile(50), p99: h.getValueAtPercentile(99), cpuPerGb: cpuMs[k]! / ((runs * moved) / 1e9) });
    }
    const direct = results[0]!;
    const row = (r: Result, base: Result): string =>
      `${r.label.padEnd(26)} ${r.mbps.toFixed(0).padStart(7)}  ${(r.mbps / base.mbps).toFixed(2).padStart(6)}x  ${String(r.p50).padStart(10)}  ${String(r.p99).padStart(10)}  ${String(r.p50 - base.p50).padStart(12)}`;
    console.log(`${bytes / 1048576} MiB x ${runs} runs (median), ${pings} round trips of 64 bytes`);
    console.log('target                        MB/s     ratio   rtt p50 us  rtt p99 us  added p50 us');
    for (const r of results.slice(0, 1 + servers.length)) console.log(row(r, direct));
    const proxy = results[1]!;
    console.log(`embedded proxy CPU: ${proxy.cpuPerGb.toFixed(0)} ms per GB forwarded (this process; direct: ${direct.cpuPerGb.toFixed(0)})`);
    console.log(`proxy throughput: ${(proxy.mbps / direct.mbps).toFixed(2)}x direct, added p50 ${proxy.p50 - direct.p50} us`);
    const pieces = Math.round(opBytes / slice);
    console.log(`slicer ${slice} +- ${slice / 4} B: ${slicedBytes / 1048576} MiB x ${runs} with delay 0; ${sliceOps} round trips of 16 KiB sliced`
      + ` downstream with delay ${sliceDelay} us (~${pieces} pieces, ideal ${pieces * sliceDelay} us + direct)`);
    console.log('target                        MB/s  CPU ms/GB   op p50 us   op p99 us');
    for (const [k, r] of results.entries()) {
      if (!targets[k]!.sliced) continue;
      console.log(`${r.label.padEnd(26)} ${r.mbps.toFixed(0).padStart(7)}  ${r.cpuPerGb.toFixed(0).padStart(9)}  ${String(r.p50).padStart(10)}  ${String(r.p99).padStart(10)}`);
    }
  } finally {
    for (const p of made) await p.remove().catch(() => undefined);
    await child.sendMessage({ cmd: 'exit' }).catch(() => undefined);
    await within(child, 10_000, 'exit of the traffic worker').catch(() => child.kill('SIGKILL'));
    await child.catch(() => undefined);
    await embedded.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--worker') await worker();
  else await run(process.argv.slice(2));
}
