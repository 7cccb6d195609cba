// QEMU COLO numbers (fixed QEMU, TCG, 2 cores): time to the first COLO sync, per-checkpoint pause
// (STOP -> RESUME) on both sides, bytes per checkpoint on the checkpoint link, period; request
// latency through colo-compare against the same primary running alone after its secondary was
// lost (the baseline, same run); time from a crash to the service restored, for both roles.
// Run: npx colo-chaos bench qemu [--seconds N] [--delay MS]
import { GuestClient } from '../core/guest-client.ts';
import { numberFlag } from './lib/util.ts';
import { percentile } from '../core/percentile.ts';
import * as standalone from '../harness/runner/standalone.ts';
import { driver } from '../targets/qemu/driver.ts';
import type { QemuPair } from '../targets/qemu/pair.ts';
import type { Role } from '../core/model/phases.ts';

type StandalonePair = standalone.StandalonePair<QemuPair>;
const startStandalonePair = (options: Record<string, string | number | boolean>): Promise<StandalonePair> =>
  standalone.startStandalonePair<QemuPair>(driver, options);

const f = (x: number, d = 1): string => (Number.isFinite(x) ? x.toFixed(d) : '-');

/** Sequential balance reads for `ms`; latencies in ms (failed requests are dropped). */
async function latencies(t: StandalonePair, role: Role, ms: number): Promise<number[]> {
  const a = t.pair.clientAddress(role);
  const c = await GuestClient.connect(a.host, a.port, 5000);
  const out: number[] = [];
  const end = Date.now() + ms;
  try {
    while (Date.now() < end) {
      const t0 = performance.now();
      const ok = await c.request({ op: 'balances' }, 5000).then(() => true, () => false);
      if (ok) out.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    c.close();
  }
  return out;
}

/** ms from `from` until a fresh client gets an answer from `role`. */
async function restoredAfter(t: StandalonePair, role: Role, from: number, boundMs: number): Promise<number> {
  const a = t.pair.clientAddress(role);
  while (Date.now() - from < boundMs) {
    const c = await GuestClient.connect(a.host, a.port, 500).catch(() => null);
    const ok = c ? await c.request({ op: 'balances' }, 1000).then(() => true, () => false) : false;
    c?.close();
    if (ok) return Date.now() - from;
    await new Promise((r) => setTimeout(r, 20));
  }
  return NaN;
}

export async function run(args: string[]): Promise<number> {
  const seconds = numberFlag(args, 'seconds', 15);
  const delay = numberFlag(args, 'delay', 2000);
  const options = { checkpointDelay: delay, accounts: 16 };

  // 1. COLO running: sync time, checkpoints, latency; then the secondary is lost -> baseline
  const a = await startStandalonePair(options);
  let colo: number[] = [];
  let alone: number[] = [];
  let standaloneMs = NaN;
  let syncMs = NaN;
  const stats: Array<{ p?: number; s?: number; bytes?: number; at?: number }> = [];
  try {
    const tr = a.pair.parts.tracker;
    syncMs = (tr.coloAt ?? NaN) - (tr.migrateAt ?? NaN);
    colo = await latencies(a, 'primary', seconds * 1000);
    for (const [n, s] of tr.stats) if (n > 0 && s.primaryMs !== undefined) stats.push({ p: s.primaryMs, s: s.secondaryMs, bytes: s.bytes, at: s.requestAt });
    const t0 = Date.now();
    process.kill(a.pair.pid('secondary')!, 'SIGKILL');
    standaloneMs = await restoredAfter(a, 'primary', t0, 20_000);
    alone = await latencies(a, 'primary', 3000);
  } finally {
    await a.close();
  }
  // 2. the primary crashes: time until the secondary serves
  const b = await startStandalonePair(options);
  let failoverMs = NaN;
  try {
    await b.waitEvent((e) => e.type === 'checkpoint' && e.role === 'secondary' && e.n >= 1, 20_000, 'checkpoint 1');
    const t0 = Date.now();
    process.kill(b.pair.pid('primary')!, 'SIGKILL');
    failoverMs = await restoredAfter(b, 'secondary', t0, 20_000);
  } finally {
    await b.close();
  }

  const pMs = stats.map((s) => s.p!);
  const sMs = stats.flatMap((s) => (s.s !== undefined ? [s.s] : []));
  const bytes = stats.flatMap((s) => (s.bytes !== undefined ? [s.bytes / 1024] : []));
  const at = stats.flatMap((s) => (s.at !== undefined ? [s.at] : [])).sort((x, y) => x - y);
  const periods = at.slice(1).map((x, i) => x - at[i]!);
  const out = [
    `QEMU COLO bench (TCG, 128 MiB guest, x-checkpoint-delay ${delay} ms, ${seconds} s of COLO, ${stats.length} checkpoints)`,
    `first COLO sync (migrate -> CHECKPOINT_READY)   ${f(syncMs, 0)} ms`,
    `checkpoint pause, primary  (STOP->RESUME)       p50 ${f(percentile(pMs, 50))} ms  p99 ${f(percentile(pMs, 99))} ms  max ${f(Math.max(...pMs))} ms`,
    `checkpoint pause, secondary (STOP->RESUME)      p50 ${f(percentile(sMs, 50))} ms  p99 ${f(percentile(sMs, 99))} ms  max ${f(Math.max(...sMs))} ms`,
    `bytes per checkpoint on the checkpoint link     p50 ${f(percentile(bytes, 50), 0)} KiB  max ${f(Math.max(...bytes), 0)} KiB`,
    `checkpoint period                               p50 ${f(percentile(periods, 50), 0)} ms  (set: ${delay} ms; ratio ${f(percentile(periods, 50) / delay, 3)})`,
    `request latency via colo-compare                p50 ${f(percentile(colo, 50))} ms  p99 ${f(percentile(colo, 99))} ms  (${colo.length} requests)`,
    `request latency, same primary alone (baseline)  p50 ${f(percentile(alone, 50))} ms  p99 ${f(percentile(alone, 99))} ms  (${alone.length} requests)`,
    `  ratio COLO / baseline                         p50 ${f(percentile(colo, 50) / percentile(alone, 50), 2)}x  p99 ${f(percentile(colo, 99) / percentile(alone, 99), 2)}x`,
    `secondary killed -> primary serves alone        ${f(standaloneMs, 0)} ms`,
    `primary killed -> secondary serves              ${f(failoverMs, 0)} ms`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await run(process.argv.slice(2));
