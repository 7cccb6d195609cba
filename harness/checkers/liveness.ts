// liveness: the survivor answers a client within the bound after the fault (or failover), and a
// replica that stayed alive and was not fenced answers every request made after the faults healed.
import type { Checker } from './types.ts';
import { result } from './types.ts';
import { exited, failoverEvent, ofType } from './facts.ts';

export const liveness: Checker = {
  name: 'liveness',
  check(input) {
    const v: string[] = [];
    const bound = input.livenessBoundMs;
    const probe = input.probe;
    if (input.survivor === null) v.push('no replica survived: both were lost, so nobody serves clients');
    else if (!probe) v.push(`the survivor (${input.survivor}) was never probed`);
    else if (probe.answeredAt === null) v.push(`the survivor (${probe.role}) did not answer a client within ${bound} ms after ${probe.from.toFixed(0)} ms${probe.error ? ` (last error: ${probe.error})` : ''}`);
    else if (probe.answeredAt - probe.from > bound) v.push(`the survivor (${probe.role}) answered only ${(probe.answeredAt - probe.from).toFixed(0)} ms after ${probe.from.toFixed(0)} ms, over the ${bound} ms bound`);

    // requests to a live, unfenced replica made after the last heal must be answered
    const heals = [...ofType(input.events, 'fault-inject'), ...ofType(input.events, 'fault-heal')].map((e) => e.t);
    const quietFrom = Math.max(0, ...heals);
    const fo = failoverEvent(input.events);
    const fenced = new Set(ofType(input.events, 'fenced').map((e) => e.role));
    const ops = ofType(input.events, 'op');
    for (const inv of ops) {
      if (inv.op !== 'invoke' || inv.t < quietFrom || fenced.has(inv.server) || exited(input.events, inv.server)) continue;
      if (inv.server === 'primary' && fo) continue; // the primary was taken over; its silence is expected
      const done = ops.find((o) => o.process === inv.process && o.t >= inv.t && o.op !== 'invoke');
      if (done?.op === 'info') {
        v.push(`client ${inv.process}'s ${inv.f} to the live ${inv.server} at ${inv.t.toFixed(0)} ms got no answer: ${(done.value as { error?: string }).error ?? 'indeterminate'}`);
        break;
      }
    }
    return result('liveness', v);
  },
};
