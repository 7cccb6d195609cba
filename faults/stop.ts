// stop: stop (pause the VM) of a replica in COLO.
import { managementFault } from './management.ts';

export const stop = managementFault('stop');
