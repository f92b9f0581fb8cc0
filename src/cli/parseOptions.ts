import { InvalidArgumentError } from '@commander-js/extra-typings';
import { MAX_SEED } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { finiteNumber } from '../core/finiteNumber.ts';
import { integerIn } from '../core/integerIn.ts';
import { parseMonitorNames } from '../monitors/monitorConfigFromFlags.ts';

/** Commander parser for an integer flag in [min, max]. */
export function intOption(name: string, min = 0, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = integerIn(value, min, max);
    if (n === null) throw new InvalidArgumentError(`${name} must be an integer ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`}, got "${value}".`);
    return n;
  };
}

/** Commander parser for a run seed: an integer from 0 to 2^32 - 1, as a run config takes. */
export function seedOption(name = '--seed') {
  return intOption(name, 0, MAX_SEED);
}

/** Commander parser for a number flag. */
export function numberOption(name: string) {
  return (value: string): number => {
    const n = finiteNumber(value);
    if (n === null) throw new InvalidArgumentError(`${name} must be a number, got "${value}".`);
    return n;
  };
}

/** Commander collector for repeatable `key=value` flags. A key given twice with different values is refused: which one was meant? */
export function collectKeyValue(value: string, previous: Record<string, string> = {}): Record<string, string> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`expected key=value, got "${value}".`);
  const [key, given] = [value.slice(0, at), value.slice(at + 1)];
  const before = previous[key];
  if (before !== undefined && before !== given) throw new InvalidArgumentError(`${key} is given twice ("${before}", then "${given}"): give it once.`);
  return { ...previous, [key]: given };
}

/** A `key=value` string value as JSON when it parses (numbers, booleans, null), else as a string. */
export function scalar(value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** Commander collector for a repeatable flag. */
export function collectList(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** A `--synthetic` key split: `key` is for every agent (`agent` null), `agent.key` for one. */
export function agentKey(key: string): { agent: string | null; name: string } {
  const dot = key.indexOf('.');
  return dot > 0 ? { agent: key.slice(0, dot), name: key.slice(dot + 1) } : { agent: null, name: key };
}

/** `--synthetic key=value` pairs (`key` or `agent.key`) with their values as numbers. */
export function syntheticNumbers(flags: Record<string, string>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(flags).map(([key, value]) => {
      const n = finiteNumber(value);
      if (n === null) throw new UserError(`--synthetic ${key}=${value}: expected a number.`);
      return [key, n];
    }),
  );
}

/** `--monitors a,b`, `all` (the default set, as if not given: null) or `none`, read as `troupe monitor` reads it. */
export function monitorList(text: string): string[] | null {
  const names = parseMonitorNames(text);
  return names === null || names === undefined ? null : [...names];
}

/** `judgeBaseUrl` → `judge-base-url`: a flag's name from its option key. */
export function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
