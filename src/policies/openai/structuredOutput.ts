import { zodResponseFormat } from 'openai/helpers/zod';
import type { ResponseFormatJSONSchema } from 'openai/resources/shared';
import { z } from 'zod';

/**
 * A structured action a world asks for: a zod schema the reply must satisfy.
 * In `json_schema` mode the request carries `response_format` (OpenAI, vLLM,
 * llama.cpp and Ollama honour it); in `prompt` mode the schema is only stated
 * in the prompt, for servers without structured output. Both modes parse the
 * reply with the same lenient fallback parser.
 */
export interface StructuredOutput<T = unknown> {
  readonly name: string;
  readonly schema: z.ZodType<T>;
  readonly mode: 'json_schema' | 'prompt';
  /** Re-asks after an unparseable reply, each one an extra recorded attempt. */
  readonly maxReasks: number;
  readonly responseFormat: ResponseFormatJSONSchema;
}

/**
 * Describe a structured reply. Optional fields must be `.nullable()`, not
 * `.optional()`: strict structured outputs require every field (the SDK throws).
 *
 * @example structuredOutput('act', z.object({ act: z.enum(['instruct', 'solve']), text: z.string(), input: z.string().nullable() }))
 */
export function structuredOutput<T>(
  name: string,
  schema: z.ZodType<T>,
  options: { mode?: 'json_schema' | 'prompt'; maxReasks?: number } = {},
): StructuredOutput<T> {
  const format = zodResponseFormat(schema, name);
  // Copy to plain data: the helper attaches non-enumerable parse hooks we do not use.
  const responseFormat: ResponseFormatJSONSchema = { type: 'json_schema', json_schema: { ...format.json_schema } };
  return { name, schema, mode: options.mode ?? 'json_schema', maxReasks: options.maxReasks ?? 1, responseFormat };
}

/** The instruction appended in `prompt` mode (and harmless in `json_schema` mode). */
export function schemaInstruction(structured: StructuredOutput): string {
  return `Reply with only a JSON object named "${structured.name}" that matches this JSON schema, with no other text:\n${JSON.stringify(structured.responseFormat.json_schema.schema)}`;
}

/** A parsed structured reply: its value and the normalised JSON text that is recorded as the reply's content. */
export type StructuredResult<T> = { readonly ok: true; readonly value: T; readonly json: string } | { readonly ok: false; readonly reason: string };

/**
 * Parse a reply against the schema. Plain-text fallback: if the whole reply
 * is not JSON, try a fenced ```json block, then the outermost `{…}` span —
 * what models without structured output tend to produce.
 */
export function parseStructured<T>(structured: StructuredOutput<T>, text: string): StructuredResult<T> {
  const candidates = jsonCandidates(text);
  if (candidates.length === 0) return { ok: false, reason: 'the reply contains no JSON object' };
  let reason = '';
  for (const candidate of candidates) {
    let data: unknown;
    try {
      data = JSON.parse(candidate);
    } catch (error) {
      reason = `the reply is not valid JSON (${(error as Error).message})`;
      continue;
    }
    const parsed = structured.schema.safeParse(data);
    if (parsed.success) return { ok: true, value: parsed.data, json: JSON.stringify(parsed.data) };
    reason = `the JSON does not match "${structured.name}": ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`;
  }
  return { ok: false, reason };
}

/** The follow-up turn of a re-ask: the model's bad reply, then what was wrong with it. */
export function reaskMessages(structured: StructuredOutput, badReply: string, reason: string): { role: 'assistant' | 'user'; content: string }[] {
  return [
    { role: 'assistant', content: badReply },
    { role: 'user', content: `Your last reply could not be used: ${reason}. ${schemaInstruction(structured)}` },
  ];
}

function jsonCandidates(text: string): string[] {
  const trimmed = text.trim();
  const out = [trimmed];
  const fence = /```(?:json)?\s*\n?([\s\S]*?)```/i.exec(trimmed);
  if (fence?.[1]) out.push(fence[1].trim());
  const open = trimmed.indexOf('{');
  const close = trimmed.lastIndexOf('}');
  if (open >= 0 && close > open) out.push(trimmed.slice(open, close + 1));
  return [...new Set(out)].filter((c) => c.startsWith('{') || c.startsWith('['));
}
