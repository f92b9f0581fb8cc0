import { canonicalJson } from '../core/canonical.ts';
import { UserError, parseOrExplain } from '../core/errors.ts';
import { RunConfigSchema, type RunConfig, type RunConfigInput } from '../core/config.ts';
import { AgentSpecSchema } from '../core/specs.ts';
import { withAbsoluteModules } from '../mitigations/mitigationModules.ts';
import { withAbsoluteMonitors } from '../monitors/monitorModules.ts';
import { RngStreams } from '../determinism/rng.ts';
import type { WorldDefinition } from '../world/types.ts';

/** A run config as given by a user or a script: everything but the world and seed is optional. */
export type RunRequest = Omit<Partial<RunConfigInput>, 'world' | 'seed'> & { world: string; seed: number };

/**
 * Fill a run request with the world's defaults (agents, turn cap, parameters
 * left open) into the complete config that is recorded and hashed. Any
 * invalid part is a UserError naming the field.
 */
export function resolveRunConfig(request: RunRequest, world: WorldDefinition): RunConfig {
  const seed = parseOrExplain(RunConfigSchema.shape.seed, request.seed, 'The seed');
  const worldParams = resolveWorldParams(world, request.worldParams ?? {}, seed, `World "${world.id}" parameters`);
  // The world's own agents are its code's: a mistake in them names the world, not an agents file.
  const source = request.agents === undefined ? `World "${world.id}", agents(params): ` : '';
  const agents = (request.agents ?? worldCode(world, 'agents(params)', () => world.agents(worldParams))).map((a, i) => parseOrExplain(AgentSpecSchema, a, `${source}Agent spec #${i + 1}`));
  const ids = new Set<string>();
  for (const a of agents) {
    if (ids.has(a.id) || a.id === 'world') throw new UserError(`${source}Agent id "${a.id}" is not valid: agent ids must be unique and not "world".`);
    ids.add(a.id);
  }
  const config = parseOrExplain(
    RunConfigSchema,
    {
      ...request,
      worldParams,
      agents,
      maxTurns: request.maxTurns ?? world.maxTurns,
      // A mitigation module is recorded by absolute path: a relative one would only resolve from where the run started.
      ...(request.mitigations && { mitigations: withAbsoluteModules(request.mitigations) }),
      ...(request.monitors && { monitors: { ...request.monitors, enabled: withAbsoluteMonitors(request.monitors.enabled) } }),
    },
    'The run configuration',
  );
  // The config is recorded and hashed: text a run file cannot hold must be refused now, not fail mid-run.
  const broken = malformedText(config, '');
  if (broken !== null) {
    throw new UserError(`The run configuration: ${broken} holds text that is not well-formed Unicode (a lone surrogate such as \\ud83d, half of a character); fix that text.`);
  }
  return config;
}

/** The path of the first string in `value` with a lone surrogate, or null. */
function malformedText(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.isWellFormed() ? null : path || 'a value';
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (!key.isWellFormed()) return `${path || 'the config'} (a key)`;
    const found = malformedText(inner, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found !== null) return found;
  }
  return null;
}

/**
 * A world's parameters validated and with open ones filled (e.g. camel's task)
 * from the seed's `world:params` stream — the one way every caller (runner,
 * CLI, sweeps) resolves them, so they agree on which task a seed picks.
 * `resolveParams` is idempotent: resolving resolved parameters changes nothing.
 */
export function resolveWorldParams(world: WorldDefinition, params: unknown, seed: number, where: string): Record<string, unknown> {
  // A misspelt parameter must not vanish (zod objects drop unknown keys) and leave the run on its default. (Not
  // `instanceof z.ZodObject`: a world module may have been loaded with its own copy of zod.)
  const shape = (world.params as { shape?: unknown }).shape;
  if (typeof shape === 'object' && shape !== null && params !== null && typeof params === 'object') {
    const known = Object.keys(shape);
    const unknown = Object.keys(params).filter((key) => !known.includes(key));
    if (unknown.length) {
      throw new UserError(`${where}: unknown parameter${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')} (known: ${known.join(', ') || 'none'}).`);
    }
  }
  const parsed = parseOrExplain(world.params, params, where);
  const resolve = (params: unknown) => (world.resolveParams ? worldCode(world, 'resolveParams', () => world.resolveParams!(params as never, new RngStreams(seed).stream('world:params'))) : params) as Record<string, unknown>;
  const resolved = resolve(parsed);
  // Parameters are recorded, hashed into the run id: a value JSON cannot hold (a bigint, a Set) is the world's mistake.
  let text: string;
  try {
    text = canonicalJson(resolved);
  } catch (error) {
    throw new UserError(`${where} are not plain JSON (${(error as Error).message.replace(/^canonicalJson: /, '')}): a world's parameters must be JSON values, as the run records them.`);
  }
  // A replay, fork or sweep resolves the recorded (resolved) parameters again: they must come back as they are.
  if (world.resolveParams) {
    const reparsed = world.params.safeParse(resolved);
    if (!reparsed.success) throw new UserError(`world "${world.id}": resolveParams returned ${text}, which its own params schema refuses (${reparsed.error.issues[0]?.message ?? 'invalid'}); a replay could not read it back.`);
    const again = resolve(reparsed.data);
    let twice: string;
    try {
      twice = canonicalJson(again);
    } catch {
      twice = String(again);
    }
    if (twice !== text) throw new UserError(`world "${world.id}": resolveParams is not idempotent: it resolved ${text} again to ${twice}. A run records its resolved parameters and resolves them again on replay, so resolving them must change nothing.`);
  }
  return resolved;
}

/** Call a world's code that runs before its run (its agents, its parameters): what it throws is the world's mistake. */
function worldCode<T>(world: WorldDefinition, callback: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`World "${world.id}": ${callback} threw: ${error instanceof Error ? error.message : String(error)}`);
  }
}
