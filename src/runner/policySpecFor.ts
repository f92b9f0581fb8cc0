import { UserError, parseOrExplain } from '../core/errors.ts';
import { OpenAIPolicySpecSchema, type PolicySpec } from '../core/specs.ts';
import type { WorldDefinition } from '../world/types.ts';

/** The flag of each openai setting `--policy openai` takes from the command line. */
const FLAG_OF = { model: '--model', baseUrl: '--base-url', apiKeyEnv: '--api-key-env', temperature: '--temperature' } as const;

/** Settings of the openai policy that come from flags (null = from the environment). */
export interface OpenAIFlags {
  readonly model?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly apiKeyEnv?: string | undefined;
  readonly temperature?: number | undefined;
}

/**
 * The policy spec `--policy <kind>` gives an agent: `scripted` replies come
 * from the world's clean reference script for its (resolved) parameters;
 * `openai` takes the flags given over the agent's own openai settings
 * (`current`, e.g. from an --agents file: its timeouts and retries stay).
 * Shared by `troupe run` and `troupe fork`.
 */
export function policySpecFor(kind: string, agentId: string, world: WorldDefinition, worldParams: unknown, openai: OpenAIFlags = {}, current?: PolicySpec): PolicySpec {
  if (kind === 'synthetic') return { kind: 'synthetic', params: {} };
  if (kind === 'scripted') {
    // Parsed as runWorld parses config.worldParams: a fork passes a recorded config's parameters, resolved
    // when recorded but never parsed by the world's current schema (which may have gained defaults since).
    const replies = world.script?.(world.params.parse(worldParams))?.[agentId];
    if (!replies?.length) throw new UserError(`World "${world.id}" has no scripted replies for agent "${agentId}"; use --policy synthetic, or agent specs with scripted replies.`);
    return { kind: 'scripted', replies };
  }
  if (kind === 'openai') return openAISpecFromFlags(openai, current?.kind === 'openai' ? current : undefined, `Agent "${agentId}": the openai policy`);
  throw new UserError(`Unknown policy "${kind}": use synthetic, scripted or openai.`);
}

/**
 * An openai policy spec: the flags given over `current` (an agent's own settings: its timeouts and retries stay).
 * A flag's value is checked on its own first, so that the error names the flag (`flagOf`: their names, when not
 * `--model` …) rather than the spec's field. A base URL or key variable is never echoed: it may carry credentials, or
 * be the key itself.
 */
export function openAISpecFromFlags(
  openai: OpenAIFlags,
  current: Extract<PolicySpec, { kind: 'openai' }> | undefined,
  where: string,
  flagOf: Readonly<Record<keyof typeof FLAG_OF, string>> = FLAG_OF,
): Extract<PolicySpec, { kind: 'openai' }> {
  const given = Object.fromEntries(Object.entries({ model: openai.model, baseUrl: openai.baseUrl, apiKeyEnv: openai.apiKeyEnv, temperature: openai.temperature }).filter(([, v]) => v !== undefined));
  for (const [field, value] of Object.entries(given)) {
    const checked = OpenAIPolicySpecSchema.shape[field as keyof typeof FLAG_OF].safeParse(value);
    const shown = field === 'baseUrl' || field === 'apiKeyEnv' ? '' : ` ${String(value)}`;
    if (!checked.success) throw new UserError(`${flagOf[field as keyof typeof FLAG_OF]}${shown}: ${checked.error.issues[0]!.message.replace(/\.$/, '')}.`);
  }
  return parseOrExplain(OpenAIPolicySpecSchema, { ...current, ...given, kind: 'openai' }, where);
}
