import type { MonitorConfig, RunConfig } from '../core/config.ts';
import { createMonitorSet, type MonitorSpec } from '../monitors/index.ts';
import { mitigationPlugins } from '../mitigations/index.ts';
import type { RunPlugin } from './RunPlugin.ts';

/**
 * Monitors online: every bus event in, flags back onto the bus (queued, so every subscriber sees one order).
 * `extra`: monitors of your own (`defineMonitor`), run after the configured ones.
 */
export function monitorPlugin(config: MonitorConfig, extra: readonly MonitorSpec[] = []): RunPlugin {
  const set = createMonitorSet(config, extra);
  return ({ bus }) => {
    if (set.names.length === 0) return; // `--monitors none`: not even the shared text analysis runs
    bus.subscribe((event) => {
      for (const flag of set.onEvent(event)) bus.publish(flag);
    });
  };
}

/** The plugins a config asks for: monitors, then mitigations (which react to the monitors' flags). */
export function defaultPlugins(config: RunConfig): RunPlugin[] {
  return [monitorPlugin(config.monitors), ...mitigationPlugins(config.mitigations)];
}
