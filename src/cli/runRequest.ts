import { UserError } from '../core/errors.ts';
import { isSynthetic, type AgentSpecInput, type PolicySpec } from '../core/specs.ts';
import { readAgentsFile, sameTeam } from '../runner/agentsFile.ts';
import { resolveWorldParams, type RunRequest } from '../runner/resolveRunConfig.ts';
import { policySpecFor } from '../runner/policySpecFor.ts';
import { withModelFromEnvironment } from '../runner/modelFromEnvironment.ts';
import type { WorldDefinition } from '../world/types.ts';
import { checkTriggers, parseArm } from '../mitigations/index.ts';
import { DEFAULT_MONITORS } from '../monitors/index.ts';
import { agentKey, monitorList, scalar, syntheticNumbers } from './parseOptions.ts';

/** Flags shared by `run`, `sweep` and `fork` that shape a run. */
export interface RunFlags {
  seed: number;
  policy?: string;
  maxTurns?: number;
  maxMessages?: number;
  window?: number;
  param?: Record<string, string>;
  synthetic?: Record<string, string>;
  agents?: string;
  monitors?: string;
  mitigation?: string[];
  model?: string;
  baseUrl?: string;
  apiKeyEnv?: string;
  temperature?: number;
  concurrency?: number;
  maxRequests?: number;
  maxTokens?: number;
}

/** Flags that only mean something to the openai policy (given with no agent using it, they would be ignored). */
const OPENAI_FLAGS = {
  model: '--model',
  baseUrl: '--base-url',
  apiKeyEnv: '--api-key-env',
  temperature: '--temperature',
  concurrency: '--concurrency',
  maxRequests: '--max-requests',
  maxTokens: '--max-tokens',
} as const satisfies Partial<Record<keyof RunFlags, string>>;

/** Process-wide limits of the openai policy: concurrency, request and token budgets, shared by every agent and world. */
export async function applyModelLimits(flags: Pick<RunFlags, 'concurrency' | 'maxRequests' | 'maxTokens'>): Promise<void> {
  const limits: { concurrency?: number; maxRequests?: number; maxTokens?: number } = {};
  if (flags.concurrency !== undefined) limits.concurrency = flags.concurrency;
  if (flags.maxRequests !== undefined) limits.maxRequests = flags.maxRequests;
  if (flags.maxTokens !== undefined) limits.maxTokens = flags.maxTokens;
  if (Object.keys(limits).length) (await import('../policies/openai/index.ts')).sharedOpenAILimits().configure(limits);
}

/**
 * Turn CLI flags into a run request for `world`: world parameters, agent specs
 * (the world's defaults, or an --agents file), a policy for every agent, and
 * synthetic parameters per agent (`--synthetic flipBase=0` for all,
 * `--synthetic assistant.flipBase=0.2` for one).
 */
export function runRequestFromFlags(worldRef: string, world: WorldDefinition, flags: RunFlags): RunRequest {
  const worldParams = Object.fromEntries(Object.entries(flags.param ?? {}).map(([k, v]) => [k, scalar(v)]));
  const request: RunRequest = { world: worldRef, seed: flags.seed, worldParams };
  if (flags.maxTurns !== undefined) request.maxTurns = flags.maxTurns;
  if (flags.maxMessages !== undefined) request.maxMessages = flags.maxMessages;
  if (flags.window !== undefined) request.context = { window: flags.window };
  if (flags.mitigation) request.mitigations = flags.mitigation.flatMap((arm) => parseArm(arm));
  const monitors = flags.monitors === undefined ? undefined : monitorList(flags.monitors);
  if (monitors !== undefined && monitors !== null) request.monitors = { enabled: monitors, params: {} };
  checkTriggers(request.mitigations ?? [], request.monitors?.enabled ?? DEFAULT_MONITORS);

  const openaiFlags = Object.entries(OPENAI_FLAGS).flatMap(([key, flag]) => (flags[key as keyof typeof OPENAI_FLAGS] === undefined ? [] : [flag]));
  if (!flags.agents && !flags.policy && !flags.synthetic && !openaiFlags.length) return request;
  // Default agents depend on resolved parameters (e.g. the task): resolve them exactly as the runner will
  // (resolveParams is idempotent, so the runner's second pass changes nothing).
  const resolved = resolveWorldParams(world, worldParams, flags.seed, `World "${world.id}" parameters`);
  let agents: AgentSpecInput[] = flags.agents ? sameTeam(readAgentsFile(flags.agents), world, resolved, flags.agents) : world.agents(resolved);
  const specFor = (a: AgentSpecInput, kind: string) => policySpecFor(kind, a.id, world, resolved, flags, a.policy as PolicySpec | undefined);
  if (flags.policy) agents = agents.map((a) => ({ ...a, policy: specFor(a, flags.policy!) }));
  // Without --policy, the openai flags apply to the agents that already use it (an --agents file's).
  else if (openaiFlags.length) agents = agents.map((a) => (a.policy?.kind === 'openai' ? { ...a, policy: specFor(a, 'openai') } : a));
  if (openaiFlags.length && !agents.some((a) => a.policy?.kind === 'openai')) {
    throw new UserError(`${openaiFlags.join(', ')} ${openaiFlags.length > 1 ? 'apply' : 'applies'} to the openai policy, which no agent uses: add --policy openai (or give --agents whose agents use it).`);
  }
  if (flags.synthetic) {
    if (!agents.some(isSynthetic)) throw new UserError('--synthetic applies to synthetic agents, and no agent here uses the synthetic policy.');
    agents = agents.map((a) => withSyntheticParams(a, flags.synthetic!, agents));
  }
  return { ...request, worldParams: resolved, agents: withModelFromEnvironment(agents) };
}

function withSyntheticParams(agent: AgentSpecInput, flags: Record<string, string>, all: AgentSpecInput[]): AgentSpecInput {
  const params: Record<string, number> = {};
  for (const [key, n] of Object.entries(syntheticNumbers(flags))) {
    const { agent: target, name } = agentKey(key);
    if (target !== null && !all.some((a) => a.id === target)) {
      throw new UserError(`--synthetic ${key}: no agent "${target}" (agents: ${all.map((a) => a.id).join(', ')}).`);
    }
    if (target === agent.id && !isSynthetic(agent)) throw new UserError(`--synthetic ${key}: "${agent.id}" uses the ${agent.policy!.kind} policy, not the synthetic one.`);
    if (target === null || target === agent.id) params[name] = n;
  }
  // Parameters for every agent go to those of the synthetic policy (a mixed team keeps its other policies).
  if (!isSynthetic(agent)) return agent;
  const policy = agent.policy ?? { kind: 'synthetic' as const, params: {} };
  return { ...agent, policy: { kind: 'synthetic', params: { ...((policy as { params?: Record<string, number> }).params ?? {}), ...params } } };
}
