// lost-heartbeat: x-colo-lost-heartbeat (QEMU) to a live pair: the replica fails over (a secondary takes over, a primary drops the secondary) while its peer still runs.
import { managementFault } from './management.ts';

export const lostHeartbeat = managementFault('lost-heartbeat');
