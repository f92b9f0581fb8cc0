import type { MonitorConfig, RunConfig } from '../core/config.ts';
import { createMonitorSet } from '../monitors/index.ts';
import { mitigationPlugins } from '../mitigations/index.ts';
import type { RunPlugin } from './RunPlugin.ts';

/** Monitors online: every bus event in, flags back onto the bus (queued, so every subscriber sees one order). */
export function monitorPlugin(config: MonitorConfig): RunPlugin {
  const set = createMonitorSet(config);
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
