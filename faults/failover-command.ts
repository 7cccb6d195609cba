// failover-command: the management command (x-colo-lost-heartbeat) to `role` (default the secondary).
import type { Fault } from './types.ts';
import { HEALED } from './types.ts';

export const failoverCommand: Fault = {
  kind: 'failover-command',
  disturbs: 'failover',
  validate: (spec) => (spec.link !== undefined ? ['failover-command goes to a replica, not a link'] : []),
  async inject(spec, env) {
    await env.pair.failover(spec.role ?? 'secondary');
    return HEALED;
  },
};
