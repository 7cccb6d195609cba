// crash: SIGKILL to the replica's process group (a power cut; no clean-up runs).
import type { Fault } from './types.ts';
import { HEALED } from './types.ts';
import { signalReplica, targetRole, validateProcessSpec } from './process.ts';

export const crash: Fault = {
  kind: 'crash',
  disturbs: 'process-ends',
  validate: validateProcessSpec,
  async inject(spec, env) {
    signalReplica(env.pair, targetRole(spec), 'SIGKILL');
    return HEALED;
  },
};
