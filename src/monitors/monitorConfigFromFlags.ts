import { InvalidArgumentError } from '@commander-js/extra-typings';
import type { MonitorConfig } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { createMonitorSet, type MonitorConfigInput } from './createMonitorSet.ts';

/** Threshold overrides as `--param` collects them: `{ [monitor]: { [param]: number } }`. */
export type ParamFlags = Record<string, Record<string, number>>;

/**
 * What `--monitors` and `--param` ask for, on top of some base config (the
 * defaults, or a recorded run's): `enabled` is absent when `--monitors` was
 * not given, null for "all", [] for "none".
 */
export interface MonitorOverrides {
  readonly enabled?: readonly string[] | null;
  readonly params: ParamFlags;
}

/** The config `--monitors` and `--param` apply to when nothing was recorded: every monitor, default thresholds. */
export const DEFAULT_MONITOR_CONFIG: MonitorConfig = Object.freeze({ enabled: null, params: Object.freeze({}) });

/** Commander collector for repeatable `--param monitor.param=value` (no default needed: the first call gets none). */
export function collectParam(value: string, previous: ParamFlags = {}): ParamFlags {
  const m = /^([\w-]+)\.(\w+)=(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected monitor.param=value (e.g. drift.threshold=0.15), got "${value}".`);
  const n = Number(m[3]);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`the value of ${m[1]}.${m[2]} must be a number, got "${m[3]}".`);
  const before = previous[m[1]!]?.[m[2]!];
  if (before !== undefined && before !== n) throw new InvalidArgumentError(`${m[1]}.${m[2]} is given twice (${before}, then ${n}): give it once.`);
  return { ...previous, [m[1]!]: { ...previous[m[1]!], [m[2]!]: n } };
}

/**
 * `--monitors` of `troupe monitor` and `troupe eval monitors`: comma-separated
 * names, "all" (null) or "none" ([]); undefined when the flag was not given.
 * "all" and "none" mixed with names are refused rather than read as monitor names.
 */
export function parseMonitorNames(names: string | undefined): readonly string[] | null | undefined {
  if (names === undefined) return undefined;
  const list = names.split(',').map((s) => s.trim()).filter(Boolean);
  // An empty list (an unset shell variable, say) would otherwise turn every monitor off unasked.
  if (list.length === 0) throw new UserError(`--monitors "${names}": give monitor names (e.g. role-flip,drift), all, or none to run no monitor.`);
  if (list.length > 1 && (list.includes('all') || list.includes('none'))) {
    throw new UserError(`--monitors: "all" and "none" stand alone, got "${names}".`);
  }
  const twice = list.find((name, i) => list.indexOf(name) !== i);
  if (twice !== undefined) throw new UserError(`--monitors "${names}": "${twice}" is listed twice; list each monitor once.`);
  return list[0] === 'all' ? null : list[0] === 'none' ? [] : list;
}

/** The overrides `--monitors` and `--param` give, validated (unknown names and out-of-range values are UserErrors). */
export function monitorOverridesFrom(names: string | undefined, params: ParamFlags = {}): MonitorOverrides {
  const enabled = parseMonitorNames(names);
  createMonitorSet({ enabled: enabled === undefined || enabled === null ? null : [...enabled], params });
  return enabled === undefined ? { params } : { enabled, params };
}

/** `base` with the overrides applied: `--monitors` replaces the enabled set, each `--param` one threshold. */
export function withOverrides(base: MonitorConfig, overrides: MonitorOverrides): MonitorConfig {
  const params: MonitorConfig['params'] = { ...base.params };
  for (const [name, values] of Object.entries(overrides.params)) params[name] = { ...params[name], ...values };
  return { enabled: overrides.enabled === undefined ? base.enabled : overrides.enabled === null ? null : [...overrides.enabled], params };
}

/** A monitor config from `--monitors` and `--param` flags over the defaults, validated (unknown names are UserErrors). */
export function monitorConfigFrom(names: string | undefined, params: ParamFlags = {}): MonitorConfigInput {
  return withOverrides(DEFAULT_MONITOR_CONFIG, monitorOverridesFrom(names, params));
}
