import { UserError } from '../../core/errors.ts';
import type { PolicySpec } from '../../core/specs.ts';
import type { PolicySettings } from '../Policy.ts';
import { publicBaseUrl } from './redact.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retryPolicy.ts';

export type OpenAISpec = Extract<PolicySpec, { kind: 'openai' }>;

export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_API_KEY_ENV = 'OPENAI_API_KEY';
export const DEFAULT_TIMEOUT_MS = 60_000;
/** Sent when no key is configured and the server is not OpenAI's (Ollama, llama.cpp and vLLM accept any key). */
const NO_KEY = 'no-key';
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Settings that are not (yet) part of the agent spec: transport behaviour. */
export interface OpenAITransportOptions {
  readonly retry?: Partial<RetryPolicy>;
  /** Per-attempt limit until the response headers arrive. */
  readonly timeoutMs?: number;
  /** Ask for an SSE stream and assemble it (same recorded reply). */
  readonly stream?: boolean;
  /** Where `OPENAI_*` / `TROUPE_MODEL` and the key variable are read; defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Everything a call needs, resolved once per policy. `apiKey` stays in memory and is never recorded. */
export interface ResolvedOpenAIConfig {
  readonly model: string;
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiKeyEnv: string;
  readonly temperature: number | null;
  readonly topP: number | null;
  readonly seed: number | null;
  readonly maxTokens: number | null;
  /** OpenAI's current models take `max_completion_tokens`; local servers know `max_tokens`. */
  readonly maxTokensParam: 'max_tokens' | 'max_completion_tokens';
  readonly retry: RetryPolicy;
  readonly timeoutMs: number;
  readonly stream: boolean;
}

/**
 * Fill the spec's nulls from the environment (`OPENAI_BASE_URL`,
 * `TROUPE_MODEL`, the key variable) and check what cannot work. A missing
 * model or key is a `UserError` that says which flag or variable to set.
 */
export function resolveOpenAIConfig(spec: OpenAISpec, agentId: string, options: OpenAITransportOptions = {}): ResolvedOpenAIConfig {
  const env = options.env ?? process.env;
  const model = spec.model ?? nonEmpty(env['TROUPE_MODEL']);
  if (!model) {
    throw new UserError(`agent "${agentId}": no model for the openai policy; pass --model NAME (troupe run; troupe fork: --set openai.model=NAME), set "model" in the agent's policy (an agents file), or set TROUPE_MODEL`);
  }
  const baseUrl = spec.baseUrl ?? nonEmpty(env['OPENAI_BASE_URL']) ?? DEFAULT_BASE_URL;
  if (!URL.canParse(baseUrl)) {
    throw new UserError(`agent "${agentId}": base URL "${publicBaseUrl(baseUrl)}" is not a URL; expected e.g. http://127.0.0.1:8000/v1`);
  }
  const apiKeyEnv = spec.apiKeyEnv ?? DEFAULT_API_KEY_ENV;
  // Never echo it: a value that is not a variable name may well be the key itself.
  if (!ENV_NAME.test(apiKeyEnv)) throw new UserError(`agent "${agentId}": apiKeyEnv (--api-key-env) takes the NAME of an environment variable (e.g. OPENAI_API_KEY), not the key itself`);
  // The spec's schema checks a base URL it holds; one from OPENAI_BASE_URL is checked the same way here.
  const url = new URL(baseUrl);
  if (url.username || url.password) {
    throw new UserError(`agent "${agentId}": the base URL must not carry credentials; put the key in an environment variable and name it with --api-key-env`);
  }
  // The client appends /chat/completions after a query, and a query may hold a key (never echoed here).
  if (url.search || url.hash) {
    throw new UserError(`agent "${agentId}": the base URL ${publicBaseUrl(baseUrl)} must not carry a query (?…) or fragment (#…); put a key in an environment variable and name it with --api-key-env`);
  }
  if (!/^https?:$/.test(url.protocol)) throw new UserError(`agent "${agentId}": the base URL ${publicBaseUrl(baseUrl)} must be http:// or https://`);
  const isOpenAI = url.hostname === 'api.openai.com';
  const apiKey = nonEmpty(env[apiKeyEnv]) ?? (spec.apiKeyEnv === null && !isOpenAI ? NO_KEY : null);
  if (!apiKey) throw new UserError(`agent "${agentId}": the API key variable ${apiKeyEnv} is not set; export it or name another with --api-key-env`);
  const fromSpec: Partial<RetryPolicy> = {};
  if (spec.maxAttempts !== null) Object.assign(fromSpec, { maxAttempts: spec.maxAttempts });
  if (spec.maxRetryAfterMs !== null) Object.assign(fromSpec, { maxRetryAfterMs: spec.maxRetryAfterMs });
  const retry = { ...DEFAULT_RETRY_POLICY, ...fromSpec, ...options.retry };
  if (!(retry.maxAttempts >= 1)) throw new UserError(`agent "${agentId}": maxAttempts must be at least 1, got ${retry.maxAttempts}`);
  return {
    model,
    baseUrl,
    apiKey,
    apiKeyEnv,
    temperature: spec.temperature,
    topP: spec.topP,
    seed: spec.seed,
    maxTokens: spec.maxTokens,
    maxTokensParam: isOpenAI ? 'max_completion_tokens' : 'max_tokens',
    retry,
    timeoutMs: options.timeoutMs ?? spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    stream: options.stream ?? spec.stream,
  };
}

/** What a run records about the policy: every setting that shapes a reply, never the key itself. */
export function openAISettings(config: ResolvedOpenAIConfig, structured: string | null): PolicySettings {
  return {
    kind: 'openai',
    model: config.model,
    baseUrl: publicBaseUrl(config.baseUrl),
    apiKeyEnv: config.apiKeyEnv,
    temperature: config.temperature,
    topP: config.topP,
    seed: config.seed,
    maxTokens: config.maxTokens,
    maxAttempts: config.retry.maxAttempts,
    timeoutMs: config.timeoutMs,
    stream: config.stream,
    structured,
  };
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value.trim() : null;
}
