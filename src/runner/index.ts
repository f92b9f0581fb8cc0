export { runWorld, runIdOf, type RunOptions, type RunResult } from './runWorld.ts';
export { resolveRunConfig, resolveWorldParams, type RunRequest } from './resolveRunConfig.ts';
export { policySpecFor } from './policySpecFor.ts';
export { defaultPlugins, monitorPlugin } from './defaultPlugins.ts';
export { readAgentsFile, sameTeam } from './agentsFile.ts';
export { withModelFromEnvironment } from './modelFromEnvironment.ts';
export type { ActGuard, Refusal, RunPlugin, RunPluginApi } from './RunPlugin.ts';
export { requestHashOf } from './RequestEncoder.ts';
