import { parseSystemPrompt } from '../agent/systemPrompt.ts';
import { hashOf } from '../core/canonical.ts';
import type { ChatMessage } from '../core/chat.ts';
import { createRng, deriveSeed } from '../determinism/rng.ts';
import { sampleFromJsonSchema } from './sampleFromJsonSchema.ts';

/** A chat request as the loopback server understood it. */
export interface MockChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  /** The agent named by the system prompt (`You are <id>, …`), or `agent` for a foreign prompt. */
  readonly agent: string;
  /** The agent's earlier replies in the context: a stand-in for its call index. */
  readonly call: number;
  /** Derived from the server seed and the request's hash: equal requests get equal answers. */
  readonly seed: number;
  /** `response_format.json_schema.schema` when structured output was asked for. */
  readonly jsonSchema: unknown;
}

/** Produces the reply text of a request; the server wraps it in a completion body. */
export type MockResponder = (request: MockChatRequest) => string;

/** What the server needs from the request body. */
export interface MockRequestBody {
  readonly model: string;
  readonly messages: readonly { role: string; name?: string | null; content: unknown }[];
  readonly response_format?: { type?: string; json_schema?: { schema?: unknown } } | null;
}

/** Derive agent, call and seed from a request, deterministically (no state, no arrival order). */
export function describeRequest(body: MockRequestBody, serverSeed: number): MockChatRequest {
  const messages: ChatMessage[] = body.messages.map((m) => ({
    role: m.role === 'system' || m.role === 'assistant' ? m.role : 'user',
    name: m.name ?? null,
    content: typeof m.content === 'string' ? m.content : JSON.stringify(m.content),
  }));
  const first = messages[0];
  const agent = (first?.role === 'system' ? parseSystemPrompt(first.content)?.self : null) ?? 'agent';
  const call = messages.filter((m) => m.role === 'assistant').length;
  const jsonSchema = body.response_format?.type === 'json_schema' ? (body.response_format.json_schema?.schema ?? null) : null;
  return { model: body.model, messages, agent, call, seed: deriveSeed(serverSeed, hashOf({ model: body.model, messages })), jsonSchema };
}

/**
 * Wrap a responder for structured requests: its text becomes the string
 * fields of a value that satisfies the requested schema. With
 * `schemaInPrompt`, a schema stated in the prompt (structured output in the
 * openai policy's `prompt` mode, for servers without `response_format`) is
 * honoured too: the default responder's text is no JSON, while a responder
 * of your own may answer such requests itself.
 */
export function answerText(respond: MockResponder, request: MockChatRequest, schemaInPrompt = false): string {
  const text = respond(request);
  const schema = request.jsonSchema ?? (schemaInPrompt ? promptedSchema(request.messages) : null);
  if (schema === null) return text;
  return JSON.stringify(sampleFromJsonSchema(schema, text, createRng(deriveSeed(request.seed, 'schema'))));
}

/** How the openai policy's `prompt` mode states the schema (`schemaInstruction`), at the start of a system message. */
const PROMPTED = /^Reply with only a JSON object named "[^"]*" that matches this JSON schema, with no other text:\n/;

/** The JSON schema a request states in a system message instead of in `response_format`, or null. */
function promptedSchema(messages: readonly ChatMessage[]): unknown {
  for (const m of messages) {
    const head = m.role === 'system' ? PROMPTED.exec(m.content) : null;
    if (!head) continue;
    try {
      return JSON.parse(m.content.slice(head[0].length)) as unknown;
    } catch {
      return null;
    }
  }
  return null;
}
