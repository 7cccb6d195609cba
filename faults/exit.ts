// exit: SIGTERM to the replica's process group (a clean, announced shutdown).
import type { Fault } from './types.ts';
import { HEALED } from './types.ts';
import { pidOf, signalGroup, targetRole, validateProcessSpec } from './process.ts';

export const exit: Fault = {
  kind: 'exit',
  disturbs: 'process-ends',
  validate: validateProcessSpec,
  async inject(spec, env) {
    signalGroup(pidOf(env.pair, targetRole(spec)), 'SIGTERM');
    return HEALED;
  },
};
