// checkpoint-command: ask the primary to start a checkpoint now (e.g. while one is running).
import type { Fault } from './types.ts';
import { HEALED } from './types.ts';

export const checkpointCommand: Fault = {
  kind: 'checkpoint-command',
  disturbs: 'nothing',
  validate: (spec) => (spec.role === 'secondary' ? ['checkpoint-command goes to the primary'] : []),
  async inject(_spec, env) {
    await env.pair.checkpointNow();
    return HEALED;
  },
};
