import OpenAI from 'openai';
import type { ModelError, ModelReply } from '../../core/events.ts';
import { sleepMs, wallClockIso } from '../../determinism/clock.ts';
import { createRng, deriveSeed, type Rng } from '../../determinism/rng.ts';
import type { Policy, PolicyAttempt, PolicyContext, PolicyOutcome, PolicyRequest } from '../Policy.ts';
import { nodeHttpFetch, type FetchLike } from './nodeHttpFetch.ts';
import { OpenAILimits, sharedOpenAILimits } from './OpenAILimits.ts';
import { openAISettings, resolveOpenAIConfig, type OpenAISpec, type OpenAITransportOptions } from './resolveOpenAIConfig.ts';
import { redactSecret, removeSecret } from './redact.ts';
import { nextBackoffMs } from './retryPolicy.ts';
import { sendChatCompletion, type OutgoingMessage, type SendResult } from './sendChatCompletion.ts';
import { INVALID_OUTPUT_PREFIX } from '../Policy.ts';
import { parseStructured, reaskMessages, schemaInstruction, type StructuredOutput } from './structuredOutput.ts';

/** Options beyond the agent spec: transport, structured output, and which limiter to share. */
export interface OpenAIPolicyOptions extends OpenAITransportOptions {
  /** Replies must parse against this schema (see `structuredOutput`); null for free text. */
  readonly structured?: StructuredOutput | null;
  /** Defaults to the process-wide limiter (`sharedOpenAILimits`). */
  readonly limits?: OpenAILimits;
  /** The SDK's transport; defaults to `nodeHttpFetch` (node:http keep-alive), `globalThis.fetch` works too. */
  readonly fetch?: FetchLike;
}

const EXCERPT = 200;

/**
 * A policy backed by any OpenAI-compatible Chat Completions server, through
 * the `openai` SDK with its retries off. troupe's own retry policy runs
 * instead, so every attempt — with its status, `retry-after` and the backoff
 * taken — comes back as plain data for the runner to record. Calls share the
 * process-wide concurrency limiter and budgets; an exhausted budget ends the
 * call with a `budget` error. The API key is read once from the environment
 * and never leaves the client: settings name the variable, errors are redacted.
 *
 * @example
 * const policy = createOpenAIPolicy(
 *   { kind: 'openai', model: 'gpt-4o-mini', baseUrl: null, apiKeyEnv: null, temperature: 0.7, topP: null, seed: 1, maxTokens: 400 },
 *   { agent, seed },
 * );
 * const { attempts } = await policy.decide({ agent: agent.id, call: 0, messages });
 */
export function createOpenAIPolicy(spec: OpenAISpec, ctx: PolicyContext, options: OpenAIPolicyOptions = {}): Policy {
  const config = resolveOpenAIConfig(spec, ctx.agent.id, options);
  const structured = options.structured ?? null;
  const limits = options.limits ?? sharedOpenAILimits();
  const client = new OpenAI({
    baseURL: config.baseUrl,
    apiKey: config.apiKey,
    maxRetries: 0,
    timeout: config.timeoutMs,
    fetch: options.fetch ?? nodeHttpFetch,
    // The SDK's logger could print request details; troupe records what it needs itself.
    logLevel: 'off',
  });
  // Only for an HTTP-date `retry-after`; the wait it yields is recorded, so replay never reads the clock.
  const nowMs = (): number => Date.parse(wallClockIso());

  async function decide(request: PolicyRequest): Promise<PolicyOutcome> {
    // The jitter stream of this call; built on the first failure only (most calls never need it).
    let rng: Rng | null = null;
    const attempts: PolicyAttempt[] = [];
    let messages: OutgoingMessage[] = request.messages.map((m) => ({ role: m.role, name: m.name, content: m.content }));
    if (structured?.mode === 'prompt') messages.push({ role: 'system', content: schemaInstruction(structured) });
    let transportFailures = 0;
    let reasks = 0;
    for (;;) {
      const slot = await limits.acquire();
      if ('exhausted' in slot) {
        attempts.push(failed({ kind: 'budget', status: null, message: slot.message, retryAfterMs: null }, null));
        break;
      }
      let sent: SendResult;
      try {
        sent = await sendChatCompletion(client, config, messages, structured?.mode === 'json_schema' ? structured.responseFormat : null, nowMs);
      } finally {
        slot.release();
      }
      if (sent.reply) {
        const reply = withoutKey(sent.reply, config.apiKey);
        const usage = reply.usage;
        if (usage) limits.spendTokens(usage.promptTokens + usage.completionTokens);
        if (!structured) {
          attempts.push({ reply, error: null, backoffMs: null });
          break;
        }
        const parsed = parseStructured(structured, reply.content);
        if (parsed.ok) {
          attempts.push({ reply: { ...reply, content: parsed.json }, error: null, backoffMs: null });
          break;
        }
        // An unparseable reply is a recorded attempt, then a bounded re-ask with the reason — never a crash.
        const again = reasks < structured.maxReasks;
        const excerpt = JSON.stringify(reply.content.slice(0, EXCERPT));
        const error: ModelError = { kind: 'malformed', status: 200, message: redactSecret(`${INVALID_OUTPUT_PREFIX}${parsed.reason}; reply began ${excerpt}`, config.apiKey), retryAfterMs: null };
        attempts.push(failed(error, again ? 0 : null));
        if (!again) break;
        reasks++;
        messages = [...messages, ...reaskMessages(structured, reply.content, parsed.reason)];
        continue;
      }
      rng ??= createRng(deriveSeed(ctx.seed, `retry:${request.call}`));
      const backoffMs = nextBackoffMs(config.retry, transportFailures, sent.error, rng);
      const wait = sent.error.retryAfterMs;
      // A retriable failure given up at once: say why, or a 429 reads as if retries had been spent.
      const tooLong = backoffMs === null && wait !== null && wait > config.retry.maxRetryAfterMs;
      const error = tooLong
        ? { ...sent.error, message: `${sent.error.message} (the server asked to retry after ${wait} ms, longer than maxRetryAfterMs ${config.retry.maxRetryAfterMs} ms: not retried)` }
        : sent.error;
      attempts.push(failed(error, backoffMs));
      if (backoffMs === null) break;
      transportFailures++;
      await sleepMs(backoffMs);
    }
    return { attempts };
  }

  return {
    kind: 'openai',
    settings: openAISettings(config, structured ? `${structured.mode}:${structured.name}` : null),
    decide,
    close: async () => {},
  };
}

/**
 * A reply with the API key taken out, should the server echo it (a misconfigured proxy, a prompt-injected model):
 * replies are recorded, and the key reaches no file. Only the exact key: key-shaped text a model writes is its reply.
 */
function withoutKey(reply: ModelReply, apiKey: string): ModelReply {
  const content = removeSecret(reply.content, apiKey);
  const refusal = reply.refusal === undefined ? undefined : removeSecret(reply.refusal, apiKey);
  if (content === reply.content && refusal === reply.refusal) return reply;
  return { ...reply, content, ...(refusal !== undefined && { refusal }) };
}

function failed(error: ModelError, backoffMs: number | null): PolicyAttempt {
  return { reply: null, error, backoffMs };
}
