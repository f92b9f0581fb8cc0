import { resolve } from 'node:path';
import { UserError } from '../core/errors.ts';
import { absoluteModuleRef, isModulePath, loadSoleExport } from '../core/importUserModule.ts';
import type { MonitorSpec } from './defineMonitor.ts';

/**
 * Monitors of a researcher's own, named in a monitor config's `enabled` list by the path of their module (as
 * mitigation modules are): `--monitors role-flip,./shout.ts`, an experiment's `monitors.enabled`. A config records
 * the absolute path and the run header the hash of the module's source (`specHashes.monitorSources`), so replay,
 * fork, resume and `troupe monitor` load the same code. Flags are recorded under the monitor's declared name, and
 * its thresholds are set under that name (`monitor.shout.minLength`). Modules load asynchronously
 * (`loadMonitorModules`) before a run builds its plugins.
 */

/** A loaded monitor module: its spec and the hash of its source. */
export interface LoadedMonitor {
  readonly spec: MonitorSpec;
  readonly file: string;
  readonly sourceHash: string;
}

const loaded = new Map<string, LoadedMonitor>();

/** Is `value` a monitor made by `defineMonitor` (or written to its interface)? */
export function isMonitor(value: unknown): value is MonitorSpec {
  const v = value as Partial<MonitorSpec> | null;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.create === 'function' && typeof v.params === 'object' && v.params !== null;
}

/** The module paths among monitor names. */
export function monitorModulesOf(names: readonly string[] | null | undefined): string[] {
  return [...new Set((names ?? []).filter(isModulePath))];
}

/** `names` with module paths made absolute, relative ones resolved from `from` (a directory). */
export function withAbsoluteMonitors<T extends readonly string[] | null | undefined>(names: T, from = process.cwd()): T {
  return (names ? names.map((n) => absoluteModuleRef(n, from)) : names) as T;
}

/** The loaded module whose monitor declares `name`, or undefined (thresholds name a module's monitor so). */
export function loadedMonitorNamed(name: string): LoadedMonitor | undefined {
  return [...loaded.values()].find((m) => m.spec.name === name);
}

/** The loaded module at `ref` (a path), or undefined. */
export function loadedMonitor(ref: string): LoadedMonitor | undefined {
  return loaded.get(resolve(ref));
}

/**
 * Load the monitor modules `names` holds (once per process). A module must export one monitor (default or named)
 * whose name is not a built-in's; a UserError names the file otherwise. `builtIn` tells built-in names.
 */
export async function loadMonitorModules(names: readonly string[] | null | undefined, builtIn: (name: string) => boolean): Promise<void> {
  for (const ref of monitorModulesOf(names)) {
    const file = resolve(ref);
    if (loaded.has(file)) continue;
    const { value: spec, sourceHash } = await loadSoleExport(file, 'monitor module', isMonitor, 'monitor made with defineMonitor()');
    if (!/^[a-z][a-z0-9-]*$/.test(spec.name) || builtIn(spec.name)) {
      throw new UserError(`The monitor module ${file} is named ${JSON.stringify(spec.name)}: a monitor's name is lower-case letters, digits and -, starting with a letter, and not a built-in monitor's (its flags are recorded under it).`);
    }
    loaded.set(file, { spec, file, sourceHash });
  }
}

/** Source hashes of the loaded modules `names` holds, by absolute path (what a run header records). */
export function monitorSourcesOf(names: readonly string[] | null | undefined): Record<string, string> {
  return Object.fromEntries(monitorModulesOf(names).map((ref) => [resolve(ref), loaded.get(resolve(ref))?.sourceHash ?? '']));
}
