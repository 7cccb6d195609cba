// cont: cont to a replica, e.g. one paused mid-checkpoint (runstate colo).
import { managementFault } from './management.ts';

export const cont = managementFault('cont');
