// hang: SIGSTOP the replica's process group; heal = SIGCONT (the process sees no error, only lost time).
import type { Fault } from './types.ts';
import { signalReplica, targetRole, validateProcessSpec } from './process.ts';

export const hang: Fault = {
  kind: 'hang',
  disturbs: 'process-stops',
  validate: validateProcessSpec,
  async inject(spec, env) {
    const role = targetRole(spec);
    signalReplica(env.pair, role, 'SIGSTOP');
    let healed = false;
    return {
      async heal() {
        if (healed) return;
        healed = true;
        signalReplica(env.pair, role, 'SIGCONT');
      },
    };
  },
};
