// What the package exports (`import { defineConfig } from 'colo-chaos'`): the config file's
// helper and the types a suite file or a config file needs. Loaded through tsx like the CLI.
export { defineConfig, type ColoChaosConfig } from './cli/config-file.ts';
export type { SuiteContext } from './suite/context.ts';
export type { Case, FaultSpec } from '../core/model/case.ts';
// a driver of one's own (`--target ./my/driver.ts`, docs/TARGET-PROTOCOL.md §7)
export type { LinkProxy, ReplicaState, StartedPair, TargetContext, TargetDriver, TargetEvent } from '../core/model/target.ts';
