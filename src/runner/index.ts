export { runWorld, runIdOf, type RunOptions, type RunResult } from './runWorld.ts';
export { resolveRunConfig, type RunRequest } from './resolveRunConfig.ts';
export type { ActGuard, Refusal, RunPlugin, RunPluginApi } from './RunPlugin.ts';
