// The shared body of the management-plane faults: one bare command to one replica (default: the
// owner of the phase it lands in), sent as is to a live pair; the target records what it answered.
import type { ManagementCommand } from '../core/model/target.ts';
import type { Fault } from './types.ts';
import { HEALED } from './types.ts';
import { targetRole } from './process.ts';

export function managementFault(command: ManagementCommand): Fault {
  return {
    kind: command,
    disturbs: 'management',
    validate: (spec) => (spec.link !== undefined ? [`${command} is a command to a replica, not a link fault (got link ${spec.link})`] : []),
    async inject(spec, env) {
      if (!env.pair.manage) throw new Error(`this target has no management plane: ${command} cannot be sent`);
      await env.pair.manage(targetRole(spec), command);
      return HEALED;
    },
  };
}
