import { UserError } from '../core/errors.ts';
import type { AgentSpec } from '../core/specs.ts';
import type { Policy } from '../policies/Policy.ts';
import { DEFAULT_API_KEY_ENV, DEFAULT_BASE_URL } from '../policies/openai/resolveOpenAIConfig.ts';
import { openAISpecFromFlags } from '../runner/policySpecFor.ts';

/** Whose calls the judge's are (the policy reads only the id: in its errors and its retry jitter's seed). */
const JUDGE_AGENT = { id: 'judge' } as AgentSpec;

/** The judge model as flags give it (`troupe judge`, `troupe sweep --judge-model`). */
export interface JudgeModelFlags {
  readonly model?: string | undefined;
  readonly baseUrl?: string | undefined;
  readonly apiKeyEnv?: string | undefined;
  readonly temperature?: number | undefined;
  readonly output: 'json_schema' | 'prompt';
}

/** The names of the flags that give the judge model, for errors. */
export interface JudgeFlagNames {
  readonly model: string;
  readonly baseUrl: string;
  readonly apiKeyEnv: string;
  readonly temperature: string;
}

/**
 * The judge's openai policy, its model named by the flags or TROUPE_MODEL, its server by the flags or
 * OPENAI_BASE_URL; errors name `command` and its flags (`flagOf`). The openai SDK is loaded here, when a judge is
 * asked for, not with the command (it is most of what the CLI would load at start).
 */
export async function judgePolicy(flags: JudgeModelFlags, command: string, flagOf: JudgeFlagNames, offline = false): Promise<{ policy: Policy; model: string }> {
  const spec = openAISpecFromFlags({ model: flags.model, baseUrl: flags.baseUrl, apiKeyEnv: flags.apiKeyEnv, temperature: flags.temperature }, undefined, 'the judge model', flagOf);
  if (!(spec.model ?? process.env['TROUPE_MODEL'] ?? '').trim()) throw new UserError(`${command}: name the judge model with ${flagOf.model} NAME (or set TROUPE_MODEL).`);
  // A key is needed when a variable is named, or for OpenAI's own server (local servers take any); said here, naming
  // this command's flag (the policy's own message names troupe run's).
  const keyEnv = spec.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
  const server = spec.baseUrl ?? (process.env['OPENAI_BASE_URL']?.trim() || DEFAULT_BASE_URL);
  const needsKey = spec.apiKeyEnv !== null || (URL.canParse(server) && new URL(server).hostname === 'api.openai.com');
  const env = { ...process.env };
  if (needsKey && !env[keyEnv]?.trim()) {
    if (!offline) throw new UserError(`${command}: the judge's API key: the variable ${keyEnv} is not set; export it, or name the one that holds the key with ${flagOf.apiKeyEnv}.`);
    // An offline pass never calls: the key only has to exist for the policy (and its settings, which fingerprint the record) to be made.
    env[keyEnv] = 'offline: never sent';
  }
  const [{ createOpenAIPolicy }, { judgeOutput }] = await Promise.all([import('../policies/openai/createOpenAIPolicy.ts'), import('../monitors/judge/judgeOutput.ts')]);
  const policy = createOpenAIPolicy(spec, { agent: JUDGE_AGENT, seed: 0 }, { structured: judgeOutput(flags.output), env });
  return { policy, model: String(policy.settings['model']) };
}
