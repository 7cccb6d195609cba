// The liveness probe: a fresh client asks the survivor for its balances until it answers or the
// bound runs out. Its requests go into the history like any other client's.
import type { Role } from '../../core/model/phases.ts';
import type { LivenessProbe } from '../checkers/index.ts';
import { GuestClient } from '../../core/guest-client.ts';
import { PROBE_PROCESS, recordedRequest, sleep, type OpRecord } from '../workload/workload.ts';
import type { Timeline } from './timeline.ts';

export async function probeSurvivor(
  role: Role, address: { host: string; port: number }, timeline: Timeline, from: number, boundMs: number, record: (op: OpRecord) => void, signal?: AbortSignal,
): Promise<LivenessProbe> {
  // give at least half a second even if settling already used the bound (the checker judges lateness)
  const deadline = Math.max(from + boundMs, timeline.now() + 500);
  let error: string | undefined;
  while (timeline.now() < deadline && !signal?.aborted) {
    const left = Math.max(50, deadline - timeline.now());
    const client = await GuestClient.connect(address.host, address.port, Math.min(left, 1000)).catch((e: Error) => { error = e.message; return null; });
    if (client) {
      const res = await recordedRequest(client, { op: 'balances' }, PROBE_PROCESS, role, left, record);
      client.close();
      if (res) return { role, from, answeredAt: timeline.now() };
      error = 'no answer to balances';
    }
    await sleep(50);
  }
  return { role, from, answeredAt: null, ...(error ? { error } : {}) };
}
