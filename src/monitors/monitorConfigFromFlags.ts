import { InvalidArgumentError } from '@commander-js/extra-typings';
import { UserError } from '../core/errors.ts';
import { createMonitorSet, type MonitorConfigInput } from './createMonitorSet.ts';

/** Commander collector for repeatable `--param monitor.param=value`. */
export function collectParam(value: string, previous: Record<string, Record<string, number>>): Record<string, Record<string, number>> {
  const m = /^([\w-]+)\.(\w+)=(.+)$/.exec(value);
  if (!m) throw new InvalidArgumentError(`expected monitor.param=value (e.g. drift.threshold=0.15), got "${value}".`);
  const n = Number(m[3]);
  if (!Number.isFinite(n)) throw new InvalidArgumentError(`the value of ${m[1]}.${m[2]} must be a number, got "${m[3]}".`);
  return { ...previous, [m[1]!]: { ...previous[m[1]!], [m[2]!]: n } };
}

/** A monitor config from `--monitors a,b` and `--param` flags, validated (unknown names are UserErrors). */
export function monitorConfigFrom(names: string | undefined, params: Record<string, Record<string, number>>): MonitorConfigInput {
  const enabled = names === undefined ? null : names.split(',').map((s) => s.trim()).filter(Boolean);
  if (enabled && enabled.length === 0) throw new UserError('--monitors needs at least one monitor name.');
  const config = { enabled, params };
  createMonitorSet(config);
  return config;
}
