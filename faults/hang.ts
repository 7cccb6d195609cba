// hang: SIGSTOP the replica's process group; heal = SIGCONT (the process sees no error, only lost time).
import type { Fault } from './types.ts';
import { pidOf, signalGroup, targetRole, validateProcessSpec } from './process.ts';

export const hang: Fault = {
  kind: 'hang',
  disturbs: 'process-stops',
  validate: validateProcessSpec,
  async inject(spec, env) {
    const pid = pidOf(env.pair, targetRole(spec));
    signalGroup(pid, 'SIGSTOP');
    let healed = false;
    return {
      async heal() {
        if (healed) return;
        healed = true;
        signalGroup(pid, 'SIGCONT');
      },
    };
  },
};
