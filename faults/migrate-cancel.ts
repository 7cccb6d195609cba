// migrate-cancel: migrate_cancel on a replica (the primary's outgoing COLO migration).
import { managementFault } from './management.ts';

export const migrateCancel = managementFault('migrate-cancel');
