import type { RunConfig } from '../core/config.ts';
import type { RunPlugin } from './RunPlugin.ts';

/** The plugins a config asks for: monitors and mitigations. */
export function defaultPlugins(_config: RunConfig): RunPlugin[] {
  return [];
}
