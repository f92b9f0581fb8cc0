import { z } from 'zod';
import type { ModelReply } from '../../core/events.ts';

/**
 * The part of a Chat Completions body troupe relies on. Servers that claim
 * compatibility differ in the rest (llama.cpp omits `system_fingerprint`,
 * some omit `usage`), so only `choices[0].message.content` is required.
 */
const CompletionSchema = z.object({
  model: z.string().nullish(),
  system_fingerprint: z.string().nullish(),
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullable(), refusal: z.string().nullish(), tool_calls: z.array(z.unknown()).nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int() }).nullish(),
});

/** A reply, or why the body is not one. */
export type ReplyResult = { readonly reply: ModelReply } | { readonly malformed: string };

/**
 * Validate a parsed Chat Completions body and keep what a run records:
 * content, model, `system_fingerprint`, token usage, why it stopped, and a
 * refusal or tool calls in place of content (so an empty reply can be told
 * from a refusal or a cut-off one).
 */
export function toModelReply(body: unknown): ReplyResult {
  const parsed = CompletionSchema.safeParse(body);
  if (!parsed.success) {
    if (typeof body === 'string') return { malformed: `server returned a non-JSON body: ${JSON.stringify(body.slice(0, 120))}` };
    return { malformed: `server returned a body that is not a chat completion: ${z.prettifyError(parsed.error).split('\n').slice(0, 4).join('; ')}` };
  }
  const { model, system_fingerprint, choices, usage } = parsed.data;
  const { message, finish_reason } = choices[0]!;
  return {
    reply: {
      // Half a character (a lone surrogate, e.g. a server cutting an emoji) becomes U+FFFD: the reply is recorded,
      // and a run file holds well-formed text only.
      content: (message.content ?? '').toWellFormed(),
      truth: [],
      model: model ?? null,
      fingerprint: system_fingerprint ?? null,
      usage: usage ? { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens } : null,
      finishReason: finish_reason ?? null,
      ...(typeof message.refusal === 'string' && { refusal: message.refusal.toWellFormed() }),
      ...(message.tool_calls?.length && { toolCalls: message.tool_calls.length }),
    },
  };
}
