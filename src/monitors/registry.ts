import { UserError } from '../core/errors.ts';
import { isModulePath } from '../core/importUserModule.ts';
import { loadedMonitor, loadMonitorModules } from './monitorModules.ts';
import type { MonitorSpec, ParamRange } from './defineMonitor.ts';
import { camelRules } from './camelRules.ts';
import { drift } from './drift.ts';
import { flakeReply } from './flakeReply.ts';
import { infiniteLoop } from './infiniteLoop.ts';
import { roleFlip } from './roleFlip.ts';

/** Every built-in monitor, in the order they run (and emit flags) for each event. */
export const MONITORS: readonly MonitorSpec[] = [roleFlip, flakeReply, infiniteLoop, drift, camelRules];

/** Names of the built-in monitors. */
export const MONITOR_NAMES: readonly string[] = MONITORS.map((m) => m.name);

/** The monitors that run when a config says `enabled: null`: all of them. */
export const DEFAULT_MONITORS: readonly string[] = MONITOR_NAMES;

/**
 * Default thresholds per monitor, as `MonitorConfig.params` takes them
 * (`{ [monitor]: { [param]: number } }`). What each one means is in
 * `MONITOR_PARAM_DOCS` and in each monitor's file.
 */
export const MONITOR_DEFAULTS: Readonly<Record<string, Readonly<Record<string, number>>>> = Object.fromEntries(
  MONITORS.map((m) => [m.name, Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, p.value]))]),
);

/** One line per parameter: what it means. */
export const MONITOR_PARAM_DOCS: Readonly<Record<string, Readonly<Record<string, string>>>> = Object.fromEntries(
  MONITORS.map((m) => [m.name, Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, p.doc]))]),
);

/** The spec of monitor `name` (a built-in name, or the path of a loaded monitor module), or a UserError listing the known names. */
export function monitorSpec(name: string): MonitorSpec {
  if (isModulePath(name)) {
    const module = loadedMonitor(name);
    if (!module) throw new UserError(`Monitor module ${name} is not loaded: load it with loadMonitors(names) before building its monitor set.`);
    return module.spec;
  }
  const spec = MONITORS.find((m) => m.name === name);
  if (!spec) throw new UserError(`unknown monitor '${name}'; known monitors: ${MONITOR_NAMES.join(', ')}, or the path of a monitor module (e.g. ./shout.ts)`);
  return spec;
}

/** Is `name` a built-in monitor's? */
export function isBuiltInMonitor(name: string): boolean {
  return MONITOR_NAMES.includes(name);
}

/**
 * Load the monitor modules among `names` (paths; relative ones from the working directory), so that monitor sets
 * can be built from them. Troupe's commands and `runWorld` do it for you.
 *
 * @example await loadMonitors(['role-flip', './shout.ts'])
 */
export async function loadMonitors(names: readonly string[] | null | undefined): Promise<void> {
  await loadMonitorModules(names, isBuiltInMonitor);
}

/** Defaults of `spec` overridden by `overrides`, or a UserError naming an unknown parameter or a value out of its range. */
export function resolveParams(spec: MonitorSpec, overrides: Readonly<Record<string, number>> | undefined): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(Object.entries(spec.params).map(([k, p]) => [k, p.value]));
  for (const [k, v] of Object.entries(overrides ?? {})) {
    if (!(k in out)) {
      throw new UserError(`unknown parameter '${k}' for monitor '${spec.name}'; its parameters: ${Object.keys(out).join(', ')}`);
    }
    if (!Number.isFinite(v)) throw new UserError(`parameter '${k}' of monitor '${spec.name}' must be a finite number, got ${v}`);
    const param = spec.params[k]!;
    if (!inRange(v, param.range)) {
      throw new UserError(`parameter '${k}' of monitor '${spec.name}' must be ${describeRange(param.range)}, got ${v} (${k}: ${param.doc}; default ${param.value})`);
    }
    out[k] = v;
  }
  return out;
}

function inRange(v: number, r: ParamRange): boolean {
  return v >= r.min && (r.max === undefined || v <= r.max) && (!r.integer || Number.isInteger(v));
}

/** "a number in [0, 1]", "a whole number ≥ 1". */
export function describeRange(r: ParamRange): string {
  const kind = r.integer ? 'a whole number' : 'a number';
  return r.max === undefined ? `${kind} ≥ ${r.min}` : `${kind} in [${r.min}, ${r.max}]`;
}
