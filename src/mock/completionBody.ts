import type { ServerResponse } from 'node:http';
import type { MockChatRequest } from './mockReply.ts';

/** The fingerprint the loopback server reports, so runs against it say so. */
export const MOCK_FINGERPRINT = 'fp_troupe_mock_1';

/** A Chat Completions response body (the fields OpenAI sends), deterministic in the request. */
export interface CompletionBody {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  system_fingerprint: string;
  choices: { index: number; message: { role: 'assistant'; content: string; refusal: null }; logprobs: null; finish_reason: 'stop' }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

/** About four characters a token, as OpenAI's rule of thumb; only the order of magnitude matters. */
function tokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

export function completionBody(request: MockChatRequest, content: string): CompletionBody {
  const promptTokens = request.messages.reduce((sum, m) => sum + tokens(m.content) + 4, 0);
  const completionTokens = tokens(content);
  return {
    id: `chatcmpl-mock${request.seed.toString(16).padStart(8, '0')}`,
    object: 'chat.completion',
    // A fixed timestamp: the body is a function of the request.
    created: 0,
    model: request.model,
    system_fingerprint: MOCK_FINGERPRINT,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/**
 * Send a completion as an SSE stream of `chat.completion.chunk` events, a few
 * words each, then the usage chunk (if asked) and `[DONE]`.
 */
export function writeEventStream(res: ServerResponse, body: CompletionBody, includeUsage: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  const chunk = (choices: unknown[], usage: CompletionBody['usage'] | null = null): string =>
    `data: ${JSON.stringify({ id: body.id, object: 'chat.completion.chunk', created: body.created, model: body.model, system_fingerprint: body.system_fingerprint, choices, usage })}\n\n`;
  const content = body.choices[0]!.message.content;
  const pieces = content.match(/\S+\s*|\s+/g) ?? [];
  let out = chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]);
  for (let i = 0; i < pieces.length; i += 4) {
    out += chunk([{ index: 0, delta: { content: pieces.slice(i, i + 4).join('') }, logprobs: null, finish_reason: null }]);
  }
  out += chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' }]);
  if (includeUsage) out += chunk([], body.usage);
  res.end(`${out}data: [DONE]\n\n`);
}
