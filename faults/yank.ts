// yank: yank of the migration connection on a replica (what a manager does to unblock a wedged checkpoint).
import { managementFault } from './management.ts';

export const yank = managementFault('yank');
