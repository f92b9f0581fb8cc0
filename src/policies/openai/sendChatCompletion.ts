import type OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionCreateParamsNonStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import type { ModelError, ModelReply } from '../../core/events.ts';
import { classifyError } from './classifyError.ts';
import type { ResolvedOpenAIConfig } from './resolveOpenAIConfig.ts';
import { redactSecret } from './redact.ts';
import { toModelReply } from './toModelReply.ts';

/** The outcome of one HTTP attempt. */
export type SendResult = { readonly reply: ModelReply; readonly error: null } | { readonly reply: null; readonly error: ModelError };

/** A message as sent: troupe's `name` (who spoke) only where the API allows it. */
export interface OutgoingMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly name?: string | null;
  readonly content: string;
}

/**
 * One Chat Completions request through the SDK (retries off), turned into
 * plain data: a reply, or a classified, redacted error. Never throws for
 * anything the server or the network does.
 */
export async function sendChatCompletion(
  client: OpenAI,
  config: ResolvedOpenAIConfig,
  messages: readonly OutgoingMessage[],
  responseFormat: ResponseFormatJSONSchema | null,
  nowMs: () => number,
): Promise<SendResult> {
  const body = requestBody(config, messages, responseFormat);
  try {
    const raw = config.stream ? await collectStream(client, body, config.timeoutMs) : await client.chat.completions.create(body, { timeout: config.timeoutMs });
    const result = toModelReply(raw);
    if ('malformed' in result) return fail({ kind: 'malformed', status: null, message: redactSecret(result.malformed, config.apiKey), retryAfterMs: null });
    return { reply: result.reply, error: null };
  } catch (thrown) {
    return fail(classifyError(thrown, config.apiKey, nowMs));
  }
}

function fail(error: ModelError): SendResult {
  return { reply: null, error };
}

function requestBody(
  config: ResolvedOpenAIConfig,
  messages: readonly OutgoingMessage[],
  responseFormat: ResponseFormatJSONSchema | null,
): ChatCompletionCreateParamsNonStreaming {
  // Unset settings are left out rather than sent as null: not every compatible server accepts nulls.
  return {
    model: config.model,
    messages: messages.map(toSdkMessage),
    ...(config.temperature !== null && { temperature: config.temperature }),
    ...(config.topP !== null && { top_p: config.topP }),
    ...(config.seed !== null && { seed: config.seed }),
    ...(config.maxTokens !== null && { [config.maxTokensParam]: config.maxTokens }),
    ...(responseFormat && { response_format: responseFormat }),
  };
}

function toSdkMessage(message: OutgoingMessage): ChatCompletionMessageParam {
  const name = message.name ? apiName(message.name) : null;
  return name ? { role: message.role, content: message.content, name } : { role: message.role, content: message.content };
}

/** The API allows `^[A-Za-z0-9_-]{1,64}$` as a participant name. */
function apiName(name: string): string | null {
  const clean = name.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
  return clean.length > 0 ? clean : null;
}

/** Ask for an SSE stream and fold its chunks into the body a non-streaming call would have returned. */
async function collectStream(client: OpenAI, body: ChatCompletionCreateParamsNonStreaming, timeoutMs: number): Promise<unknown> {
  const stream = await client.chat.completions.create(
    { ...body, stream: true, stream_options: { include_usage: true } },
    { timeout: timeoutMs },
  );
  let content = '';
  let refusal: string | null = null;
  let chunks = 0;
  let first: ChatCompletionChunk | null = null;
  let finish: string | null = null;
  let usage: ChatCompletionChunk['usage'] = null;
  for await (const chunk of stream) {
    chunks++;
    first ??= chunk;
    content += chunk.choices[0]?.delta?.content ?? '';
    const refused = chunk.choices[0]?.delta?.refusal;
    if (typeof refused === 'string') refusal = (refusal ?? '') + refused;
    finish = chunk.choices[0]?.finish_reason ?? finish;
    // With include_usage the last chunk carries usage and no choices.
    if (chunk.usage) usage = chunk.usage;
  }
  if (chunks === 0 || !first) return '(an event stream with no chunks)';
  return {
    model: first.model,
    system_fingerprint: first.system_fingerprint ?? null,
    choices: [{ message: { content, refusal }, finish_reason: finish }],
    usage,
  };
}
