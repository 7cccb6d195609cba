// Short timings for colo-ref cases: checkpoints every 150 ms, failover after 600 ms of silence,
// a small guest whose page writer rewrites all of its RAM about every second. Keys are the
// replica's option names (TARGET-PROTOCOL §1, without the dashes).
import type { TargetName } from '../../harness/model/case.ts';

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

export function targetOptions(target: TargetName): Record<string, number> {
  return target === 'colo-ref' ? { ...FAST_COLO_REF } : {};
}

/** How long a hang lasts: past the failover timeout, so the other side must act. */
export function hangMs(target: TargetName): number {
  return target === 'colo-ref' ? FAST_COLO_REF['heartbeat-timeout'] + 500 : 3000;
}
