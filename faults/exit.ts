// exit: SIGTERM to the replica's process group (a clean, announced shutdown).
import type { Fault } from './types.ts';
import { HEALED } from './types.ts';
import { signalReplica, targetRole, validateProcessSpec } from './process.ts';

export const exit: Fault = {
  kind: 'exit',
  disturbs: 'process-ends',
  validate: validateProcessSpec,
  async inject(spec, env) {
    signalReplica(env.pair, targetRole(spec), 'SIGTERM');
    return HEALED;
  },
};
