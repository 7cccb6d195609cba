// What colo-ref declares about itself (TargetDriver's optional fields): its case defaults, the
// schedule space and its timing, read from the replica's own option defaults so they cannot disagree.
import type { CaseDefaults, PairTiming, SpaceLinks } from '../../../core/model/target.ts';
import { optionDefaults } from './preflight.ts';

// Short timings for colo-ref cases: checkpoints every 150 ms, failover after 600 ms of silence,
// a small guest whose page writer rewrites all of its RAM about every second. Keys are the
// replica's option names (TARGET-PROTOCOL §1, without the dashes).
export const FAST_COLO_REF = {
  pages: 1024,
  'checkpoint-delay': 150,
  'compare-timeout': 100,
  'heartbeat-interval': 50,
  'heartbeat-timeout': 600,
  lease: 350,
  'stall-timeout': 600,
  // two open-loop clients, 50-200 requests/s (by load) x 16 pages: all 1024 pages every 0.3-1.3 s
  'write-pages': 16,
} as const;

export const CASE_DEFAULTS: CaseDefaults = {
  options: FAST_COLO_REF,
  // past the failover timeout, so the other side must act
  hangMs: FAST_COLO_REF['heartbeat-timeout'] + 500,
  caseMs: 1000,
  // ~100 requests/s per client
  openLoop: { intervalMs: 10, maxInFlight: 8 },
  // every response non-deterministic: each is held by compare until the next checkpoint
  idleOptions: { 'nonce-rate': 1 },
};

/** Links a perturbation may slow down (the heartbeat only a little: harness/explore/README). */
export const COLO_REF_LINKS: SpaceLinks = {
  slow: ['checkpoint', 'mirror', 'svm-out', 'client', 'heartbeat'],
  // a short partition may hold these: well under the stall timeout, nothing fails over
  hold: ['checkpoint', 'mirror', 'svm-out'],
  partition: [['checkpoint'], ['heartbeat'], ['checkpoint', 'heartbeat']],
};

/** A case's timing: its options (kebab or camel case), else the replica's own defaults. */
export function coloRefTiming(options: Record<string, string | number | boolean>): PairTiming {
  const defaults = optionDefaults();
  const num = (kebab: string, camel: string): number => {
    const v = options[kebab] ?? options[camel];
    return typeof v === 'number' ? v : Number(defaults[camel]);
  };
  return { heartbeatTimeoutMs: num('heartbeat-timeout', 'heartbeatTimeout'), leaseMs: num('lease', 'lease'), stallTimeoutMs: num('stall-timeout', 'stallTimeout') };
}
