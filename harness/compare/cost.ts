// What a design of colo-ref costs under one workload (issue 15): a pair on direct links, two
// clients doing transfers and puts for a fixed time, and from its events and /proc:
//   checkpoint downtime p50/p99 (the primary's stop, P3->P12, or from the budget hit: P0b->P12),
//   bytes per checkpoint, forced checkpoints per minute, client latency p50/p99, and the
//   secondary's RSS as a multiple of guest RAM.
// RSS: a Node replica carries ~50 MiB of runtime whatever its guest, so RSS / guest says more about
// the guest size than about the design. The ratio reported is (RSS - RSS of the same replica with a
// 64-page guest, same design, same workload, measured in the same run) / guest RAM: what the guest
// and the colo cache add. The raw RSS / guest is reported too. RSS is the largest sample after
// checkpoint 1 (the initial sync's transient buffers are the migration's, not COLO's).
import { readFileSync } from 'node:fs';
import { loadDriver } from '../targets.ts';
import { startStandalonePair, type StandalonePair } from '../runner/standalone.ts';
import { GuestClient } from '../../core/guest-client.ts';
import type { TargetEvent } from '../../core/model/target.ts';
import { Random } from '../../core/random.ts';
import { percentile } from '../../core/percentile.ts';

export type Design = Record<string, string | number>;

export interface CostOptions {
  pages: number;
  seconds: number;
  seed: number;
}

export interface Cost {
  checkpoints: number;
  downtimeP50: number;
  downtimeP99: number;
  bytesPerCheckpoint: number;
  forcedPerMinute: number;
  latencyP50: number;
  latencyP99: number;
  rssMiB: number;
  baselineRssMiB: number;
  guestMiB: number;
  /** (RSS - baseline) / guest RAM. */
  rssRatio: number;
  /** RSS / guest RAM, runtime included. */
  rawRatio: number;
}

const MiB = 1 << 20;

function rssMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

interface Measured {
  events: TargetEvent[];
  latencies: number[];
  rss: number;
  ms: number;
}

/** One pair with `pages`, the workload for `seconds`; bounded waits everywhere. */
async function measure(design: Design, pages: number, o: CostOptions): Promise<Measured> {
  let standalone: StandalonePair | undefined;
  let running = true;
  try {
    standalone = await startStandalonePair(await loadDriver('colo-ref'), { pages, ...design }, { direct: true, seed: o.seed });
    const { pair: started, events } = standalone;
    const latencies: number[] = [];
    const random = new Random(o.seed);
    const t0 = performance.now();
    const workers = [0, 1].map(async (w) => {
      const r = random.fork(`client-${w}`);
      const a = started.clientAddress('primary');
      const c = await GuestClient.connect(a.host, a.port, 5000);
      try {
        for (let i = 0; running; i++) {
          const s = performance.now();
          if (i % 3 === 0) await c.request({ op: 'put', key: `k${r.int(0, 100_000)}`, value: `v${i}` }, 10_000);
          else await c.request({ op: 'transfer', from: r.int(0, 63), to: r.int(0, 63), amount: r.int(1, 50) }, 10_000);
          latencies.push(performance.now() - s);
        }
      } finally {
        c.close();
      }
    });
    let rss = 0;
    const sampler = setInterval(() => {
      if (events.some((e) => e.type === 'checkpoint' && e.role === 'secondary' && e.n >= 1)) rss = Math.max(rss, rssMiB(started.pid('secondary')));
    }, 100);
    await new Promise((r) => setTimeout(r, o.seconds * 1000));
    running = false;
    clearInterval(sampler);
    await Promise.all(workers);
    const failed = events.find((e) => e.type === 'error' || e.type === 'exit' || e.type === 'standalone' || e.type === 'fenced');
    if (failed) throw new Error(`the pair did not keep replicating under the cost workload: ${JSON.stringify(failed)}`);
    return { events, latencies, rss, ms: performance.now() - t0 };
  } finally {
    running = false;
    await standalone?.close();
  }
}

export async function measureCost(design: Design, o: CostOptions): Promise<Cost> {
  const full = await measure(design, o.pages, o);
  // the runtime baseline: a 64-page guest (a bounded cache at its smallest budget)
  const small = typeof design.cache === 'string' && design.cache.startsWith('bounded:') ? { ...design, cache: 'bounded:64' } : design;
  const empty = await measure(small, 64, { ...o, seconds: Math.min(o.seconds, 3) });
  const phases = full.events.filter((e): e is Extract<TargetEvent, { type: 'phase' }> => e.type === 'phase' && e.role === 'primary');
  const downtimes = phases.filter((e) => e.phase === 'P12' && e.downtimeMs !== undefined).map((e) => e.downtimeMs!);
  const bytes = full.events.flatMap((e) => (e.type === 'checkpoint' && e.role === 'primary' && e.n >= 1 && e.bytes !== undefined ? [e.bytes] : []));
  const guestMiB = (o.pages * 4096) / MiB;
  return {
    checkpoints: downtimes.length,
    downtimeP50: percentile(downtimes, 50),
    downtimeP99: percentile(downtimes, 99),
    bytesPerCheckpoint: bytes.length ? bytes.reduce((a, b) => a + b, 0) / bytes.length : NaN,
    forcedPerMinute: phases.filter((e) => e.phase === 'P0b').length / (full.ms / 60_000),
    latencyP50: percentile(full.latencies, 50),
    latencyP99: percentile(full.latencies, 99),
    rssMiB: full.rss,
    baselineRssMiB: empty.rss,
    guestMiB,
    rssRatio: (full.rss - empty.rss) / guestMiB,
    rawRatio: full.rss / guestMiB,
  };
}
