import { MAX_SEED, RunConfigSchema, type MitigationSpec, type RunConfig } from '../core/config.ts';
import { UserError, parseOrExplain } from '../core/errors.ts';
import { finiteNumber } from '../core/finiteNumber.ts';
import { integerIn } from '../core/integerIn.ts';
import type { AgentSpec } from '../core/specs.ts';
import { withAbsoluteModules } from '../mitigations/mitigationModules.ts';
import { withAbsoluteMonitors } from '../monitors/monitorModules.ts';
import { parseArm } from '../mitigations/parseArm.ts';
import { isBuiltInMitigation, MITIGATION_KINDS } from '../mitigations/registry.ts';
import { policySpecFor } from '../runner/policySpecFor.ts';
import type { WorldDefinition } from '../world/types.ts';

/**
 * What a fork changes, as flag-like key/values: it is recorded in the child's
 * header (`parent.change`) and re-applied by replay, so it must be plain data.
 * Keys: `policy`, `seed`, and the `--set` keys of `FORK_SET_KEYS`.
 */
export type ForkChange = Record<string, string>;

/** The keys `--set` accepts, with what they do (for help texts and errors). */
export const FORK_SET_KEYS: Readonly<Record<string, string>> = {
  policy: 'policy kind for every agent: synthetic | scripted | openai (same as --policy)',
  seed: 'seed of the remaining RNG streams: scheduler, world, policies, plugins (same as --seed)',
  maxTurns: 'turn cap',
  maxMessages: 'message cap, or "none"',
  monitors: 'monitors to run: comma-separated names, "all" or "none"',
  'monitor.<name>.<param>': 'a monitor threshold (number)',
  mitigations: 'mitigations from the fork point on, as an arm (goal-reinject:k=4+placebo, none) or a JSON array of {kind, params}',
  'mitigation.<kind>': 'add or replace one mitigation: "on", "off", or params "k=v,k=v"',
  'synthetic.[<agent>.]<param>': 'a synthetic-policy parameter for every agent or one (number)',
  'openai.[<agent>.]<field>': 'an openai-policy field for every agent or one: model, baseUrl, apiKeyEnv, temperature, topP, seed, maxTokens, maxAttempts, timeoutMs, maxRetryAfterMs, stream',
};

/** Build the change record of a fork from its flags. */
export function forkChangeOf(options: { readonly policy?: string | undefined; readonly seed?: number | undefined; readonly set?: Readonly<Record<string, string>> | undefined }): ForkChange {
  const change: ForkChange = {};
  // Which of the two was meant? The --set one would silently win.
  for (const [key, given] of [['policy', options.policy], ['seed', options.seed]] as const) {
    if (given !== undefined && options.set?.[key] !== undefined) throw new UserError(`--${key} ${given} and --set ${key}=${options.set[key]} both change the ${key}: give one.`);
  }
  // `mitigations` replaces the whole set, so a `mitigation.<kind>` beside it would be dropped yet recorded as applied.
  const perKind = Object.keys(options.set ?? {}).filter((k) => k.startsWith('mitigation.'));
  if (options.set?.mitigations !== undefined && perKind.length > 0) {
    throw new UserError(`--set mitigations=${options.set.mitigations} replaces every mitigation, so --set ${perKind[0]}=${options.set[perKind[0]!]} beside it would not apply: put that mitigation in the mitigations arm instead.`);
  }
  if (options.policy !== undefined) change.policy = options.policy;
  if (options.seed !== undefined) change.seed = String(options.seed);
  for (const [k, v] of Object.entries(options.set ?? {})) {
    // Module paths made absolute: replay re-applies the recorded change, from whatever directory it runs in.
    change[k] = k === 'mitigations' ? withAbsoluteModulesIn(v) : k === 'monitors' ? withAbsoluteMonitors(v.split(',').map((s) => s.trim())).join(',') : v;
  }
  return change;
}

/**
 * A `mitigations` value with its mitigation modules' paths made absolute: replay re-applies the recorded change,
 * from whatever directory it runs in.
 */
function withAbsoluteModulesIn(value: string): string {
  if (value.trim().startsWith('[')) {
    const specs = jsonValue('mitigations', value);
    return Array.isArray(specs) ? JSON.stringify(withAbsoluteModules(specs as MitigationSpec[])) : value;
  }
  const specs = parseArm(value);
  const absolute = withAbsoluteModules(specs);
  // As JSON: an absolute path may hold what the arm syntax separates on (a space, ',', '+', ':').
  return absolute.some((spec, i) => spec.kind !== specs[i]!.kind || spec.params.like !== specs[i]!.params.like) ? JSON.stringify(absolute) : value;
}

/** A change as one readable phrase: `policy=scripted, seed=9`. */
export function describeChange(change: ForkChange): string {
  const entries = Object.entries(change);
  return entries.length ? entries.map(([k, v]) => `${k}=${v}`).join(', ') : 'nothing changed';
}

/**
 * The config in force after a fork point: `config` with `change` applied, in
 * a fixed order (policy, seed, then the other keys sorted) so that replay
 * rebuilds the very same config. The world, its parameters, the agents' role
 * cards and goals and the context window cannot change mid-run — they shape
 * everything from the first event — and are refused with a UserError.
 *
 * @example applyChange(config, { policy: 'scripted', maxTurns: '80' }, world)
 */
export function applyChange(config: RunConfig, change: ForkChange, world: WorldDefinition): RunConfig {
  const next = structuredClone(config);
  const order = (k: string) => (k === 'policy' ? 0 : k === 'seed' ? 1 : 2);
  const keys = Object.keys(change).sort((a, b) => order(a) - order(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const key of keys) applyOne(next, key, change[key]!, world);
  return parseOrExplain(RunConfigSchema, next, 'The forked configuration');
}

function applyOne(config: RunConfig, key: string, value: string, world: WorldDefinition): void {
  const [head, ...rest] = key.split('.');
  switch (head) {
    case 'policy':
      if (rest.length) break;
      config.agents = config.agents.map((a) => ({ ...a, policy: policySpecFor(value, a.id, world, config.worldParams, {}, a.policy) }));
      return;
    case 'seed':
      if (rest.length) break;
      config.seed = intValue(key, value, 0, MAX_SEED);
      return;
    case 'maxTurns':
      if (rest.length) break;
      config.maxTurns = intValue(key, value, 1);
      return;
    case 'maxMessages':
      if (rest.length) break;
      config.maxMessages = value === 'none' || value === 'null' ? null : intValue(key, value, 1);
      return;
    case 'monitors':
      if (rest.length) break;
      config.monitors = { ...config.monitors, enabled: value === 'all' ? null : value === 'none' ? [] : value.split(',').map((s) => s.trim()).filter(Boolean) };
      return;
    case 'monitor': {
      if (rest.length !== 2) break;
      const [name, param] = rest as [string, string];
      config.monitors = { ...config.monitors, params: { ...config.monitors.params, [name]: { ...config.monitors.params[name], [param]: numberValue(key, value) } } };
      return;
    }
    case 'mitigations':
      if (rest.length) break;
      // An arm as `run --mitigation` takes it (`goal-reinject:k=4+placebo`, `none`), or a JSON array of specs.
      config.mitigations = value.trim().startsWith('[') ? (jsonValue(key, value) as MitigationSpec[]) : parseArm(value);
      return;
    case 'mitigation': {
      if (rest.length !== 1) break;
      const kind = rest[0]!;
      if (!isBuiltInMitigation(kind)) {
        throw new UserError(`--set ${key}: "${kind}" is not a built-in mitigation (${MITIGATION_KINDS.join(', ')}); set a mitigation module's with --set mitigations=… (the whole arm, e.g. ./mine.ts:k=3).`);
      }

      const others = config.mitigations.filter((m) => m.kind !== kind);
      const existing = config.mitigations.find((m) => m.kind === kind);
      // The arm parser validates the kind and its parameters, as for `run --mitigation`.
      if (value === 'off') config.mitigations = others;
      else if (value === 'on') config.mitigations = existing ? config.mitigations : [...others, ...oneMitigation(kind, kind, key)];
      else config.mitigations = [...others, ...oneMitigation(`${kind}:${value}`, kind, key)];
      return;
    }
    case 'synthetic':
    case 'openai': {
      if (rest.length !== 1 && rest.length !== 2) break;
      const target = rest.length === 2 ? rest[0]! : null;
      const field = rest.at(-1)!;
      if (target !== null && !config.agents.some((a) => a.id === target)) {
        throw new UserError(`--set ${key}: no agent "${target}" (agents: ${config.agents.map((a) => a.id).join(', ')}).`);
      }
      config.agents = config.agents.map((a) => (target === null || a.id === target ? withPolicyField(a, head, field, value, key) : a));
      return;
    }
  }
  throw new UserError(
    `--set ${key}: not something a fork can change. Supported keys:\n${Object.entries(FORK_SET_KEYS).map(([k, d]) => `  ${k.padEnd(28)} ${d}`).join('\n')}\n` +
      'The world, its parameters, role cards, goals and the context window shape a run from its first event: start a new run to change them.',
  );
}

function withPolicyField(agent: AgentSpec, kind: 'synthetic' | 'openai', field: string, value: string, key: string): AgentSpec {
  const policy = agent.policy;
  if (policy.kind !== kind) throw new UserError(`--set ${key}: agent "${agent.id}" uses the ${policy.kind} policy, not ${kind} (change it with --policy ${kind}).`);
  if (policy.kind === 'synthetic') return { ...agent, policy: { ...policy, params: { ...policy.params, [field]: numberValue(key, value) } } };
  const strings = ['model', 'baseUrl', 'apiKeyEnv'];
  const numbers = ['temperature', 'topP', 'seed', 'maxTokens', 'maxAttempts', 'timeoutMs', 'maxRetryAfterMs'];
  if (policy.kind !== 'openai' || (!strings.includes(field) && !numbers.includes(field) && field !== 'stream')) {
    throw new UserError(`--set ${key}: unknown openai field "${field}" (known: ${[...strings, ...numbers, 'stream'].join(', ')}).`);
  }
  if (field === 'stream') {
    if (value !== 'true' && value !== 'false') throw new UserError(`--set ${key}: expected true or false, got "${value}".`);
    return { ...agent, policy: { ...policy, stream: value === 'true' } };
  }
  const v = value === 'null' ? null : strings.includes(field) ? value : numberValue(key, value);
  return { ...agent, policy: { ...policy, [field]: v } };
}

function intValue(key: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = integerIn(value, min, max);
  if (n === null) throw new UserError(`${key} must be an integer between ${min} and ${max}, got "${value}".`);
  return n;
}

function numberValue(key: string, value: string): number {
  const n = finiteNumber(value);
  if (n === null) throw new UserError(`--set ${key}: expected a number, got "${value}".`);
  return n;
}

function jsonValue(key: string, value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch (error) {
    throw new UserError(`--set ${key}: expected JSON, got "${value}" (${(error as Error).message}).`);
  }
}

/** `arm` parsed as the one mitigation `kind` it names: `mitigation.x=…` sets x, never adds others (`+y`) or none. */
function oneMitigation(arm: string, kind: string, key: string): MitigationSpec[] {
  const specs = parseArm(arm);
  if (specs.length !== 1 || specs[0]!.kind !== kind) {
    throw new UserError(`--set ${key}: expected parameters of the one mitigation "${kind}" (e.g. k=4), on or off; got "${arm}".`);
  }
  return specs;
}
