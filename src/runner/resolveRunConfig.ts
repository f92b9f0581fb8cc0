import { parseOrExplain } from '../core/errors.ts';
import { RunConfigSchema, type RunConfig, type RunConfigInput } from '../core/config.ts';
import { AgentSpecSchema } from '../core/specs.ts';
import { RngStreams } from '../determinism/rng.ts';
import type { WorldDefinition } from '../world/types.ts';
import { z } from 'zod';

/** A run config as given by a user or a script: everything but the world and seed is optional. */
export type RunRequest = Omit<Partial<RunConfigInput>, 'world' | 'seed'> & { world: string; seed: number };

/**
 * Fill a run request with the world's defaults (agents, turn cap, parameters
 * left open) into the complete config that is recorded and hashed. Any
 * invalid part is a UserError naming the field.
 */
export function resolveRunConfig(request: RunRequest, world: WorldDefinition): RunConfig {
  const rawParams = parseOrExplain(world.params, request.worldParams ?? {}, `World "${world.id}" parameters`);
  const seed = parseOrExplain(z.number().int().min(0).max(2 ** 32 - 1), request.seed, 'The seed');
  const worldParams = world.resolveParams ? world.resolveParams(rawParams, new RngStreams(seed).stream('world:params')) : rawParams;
  const agents = (request.agents ?? world.agents(worldParams)).map((a, i) => parseOrExplain(AgentSpecSchema, a, `Agent spec #${i + 1}`));
  const ids = new Set<string>();
  for (const a of agents) {
    if (ids.has(a.id) || a.id === 'world') parseOrExplain(z.never(), a.id, `Agent id "${a.id}" (ids must be unique and not "world")`);
    ids.add(a.id);
  }
  return parseOrExplain(
    RunConfigSchema,
    { ...request, worldParams, agents, maxTurns: request.maxTurns ?? world.maxTurns },
    'The run configuration',
  );
}
