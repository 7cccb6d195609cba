// liveness: the survivor answers a client within the bound after the fault (or failover), a
// replica that stayed alive and was not fenced answers every request made after the faults healed,
// and no replica stalls a checkpoint by itself (a stall no injected fault explains).
import type { Checker } from './types.ts';
import { result } from './types.ts';
import { exited, failoverEvent, ofType, unexplainedStalls } from './facts.ts';
import { disturbs } from '../../faults/index.ts';

export const liveness: Checker = {
  name: 'liveness',
  check(input) {
    const v: string[] = [];
    // a replica that stopped making progress with no fault to explain it hung by itself
    // (one violation per role and checkpoint: a target may notice one hang several ways)
    const stalls = new Map<string, ReturnType<typeof unexplainedStalls>>();
    for (const s of unexplainedStalls(input.events)) stalls.set(`${s.role}:${s.checkpoint}`, [...(stalls.get(`${s.role}:${s.checkpoint}`) ?? []), s]);
    for (const [first, ...more] of stalls.values()) {
      const s = first!;
      v.push(`the ${s.role} stalled at ${s.phase} of checkpoint ${s.checkpoint} with no fault injected (no progress for ${s.forMs.toFixed(0)} ms): ${[s, ...more].map((x) => x.message).join('; ')}`);
    }
    const bound = input.livenessBoundMs;
    const probe = input.probe;
    if (input.survivor === null) v.push('no replica survived: both were lost, so nobody serves clients');
    else if (!probe) v.push(`the survivor (${input.survivor}) was never probed`);
    else if (probe.answeredAt === null) v.push(`the survivor (${probe.role}) did not answer a client within ${bound} ms after ${probe.from.toFixed(0)} ms${probe.error ? ` (last error: ${probe.error})` : ''}`);
    else if (probe.answeredAt - probe.from > bound) v.push(`the survivor (${probe.role}) answered only ${(probe.answeredAt - probe.from).toFixed(0)} ms after ${probe.from.toFixed(0)} ms, over the ${bound} ms bound`);

    // a replica that stayed alive, was never fenced and was not taken over answers every request
    // within the client's bound (a request held forever is "stopped", not indeterminate)
    const fo = failoverEvent(input.events);
    const fenced = new Set(ofType(input.events, 'fenced').map((e) => e.role));
    const hung = new Set(ofType(input.events, 'fault-inject').filter((e) => disturbs(e.fault.kind) === 'process-stops').map((e) => e.fault.role));
    for (const done of ofType(input.events, 'op')) {
      const error = (done.value as { error?: string } | undefined)?.error ?? '';
      if (done.op !== 'info' || !/^no response/.test(error) || fenced.has(done.server) || exited(input.events, done.server)) continue;
      if (done.server === 'primary' && fo) continue; // the primary was taken over; its silence is expected
      if (hung.has(done.server)) continue; // a stopped process answers late by design
      v.push(`client ${done.process}'s ${done.f} to the ${done.server}, which stayed alive and was not fenced, got no answer: ${error}`);
      break;
    }
    return result('liveness', v);
  },
};

