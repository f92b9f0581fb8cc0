import { registerPolicy } from '../createPolicy.ts';
import { createOpenAIPolicy } from './createOpenAIPolicy.ts';

// Importing this module makes `{ kind: 'openai' }` agent specs runnable.
registerPolicy('openai', createOpenAIPolicy);

// The OpenAI-compatible policy: a live Chat Completions client with troupe's own retries, limits and redaction.
export { createOpenAIPolicy };
export type { OpenAIPolicyOptions } from './createOpenAIPolicy.ts';
export {
  resolveOpenAIConfig,
  openAISettings,
  DEFAULT_API_KEY_ENV,
  DEFAULT_BASE_URL,
  DEFAULT_TIMEOUT_MS,
  type OpenAISpec,
  type OpenAITransportOptions,
  type ResolvedOpenAIConfig,
} from './resolveOpenAIConfig.ts';

// Limits shared by every agent and world of the process.
export {
  OpenAILimits,
  sharedOpenAILimits,
  DEFAULT_OPENAI_LIMITS,
  type OpenAILimitsConfig,
  type OpenAILimitsUsage,
  type BudgetRefusal,
} from './OpenAILimits.ts';

// Retries.
export { DEFAULT_RETRY_POLICY, isRetryable, nextBackoffMs, parseRetryAfter, type RetryPolicy } from './retryPolicy.ts';

// Structured output.
export { structuredOutput, parseStructured, schemaInstruction, type StructuredOutput, type StructuredResult } from './structuredOutput.ts';
// Shared by every policy (the runner records them as `model.invalid_output`), re-exported for openai users.
export { invalidOutputReason, INVALID_OUTPUT_PREFIX } from '../Policy.ts';

// Transport.
export { nodeHttpFetch, type FetchLike } from './nodeHttpFetch.ts';

// Secrets.
export { redactSecret, publicBaseUrl, REDACTED } from './redact.ts';
