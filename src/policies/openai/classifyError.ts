import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import type { ModelError } from '../../core/events.ts';
import { redactSecret } from './redact.ts';
import { parseRetryAfter } from './retryPolicy.ts';

/** Longest error message kept; server error bodies can be pages of HTML. */
const MAX_MESSAGE = 500;

/**
 * Turn whatever a Chat Completions call threw into a recorded `ModelError`:
 * plain data, with the HTTP status and the server's `retry-after`, and the
 * API key redacted from the message.
 */
export function classifyError(thrown: unknown, apiKey: string | null, nowMs: () => number): ModelError {
  const error = (kind: ModelError['kind'], status: number | null, message: string, retryAfterMs: number | null = null): ModelError => ({
    kind,
    status,
    message: clip(redactSecret(message, apiKey)),
    retryAfterMs,
  });
  if (thrown instanceof APIConnectionTimeoutError) return error('timeout', null, 'request timed out');
  if (thrown instanceof APIUserAbortError) return error('timeout', null, 'request aborted');
  if (thrown instanceof APIConnectionError) return error('network', null, `connection failed: ${causeText(thrown)}`);
  if (thrown instanceof APIError) {
    return error('http', thrown.status ?? null, thrown.message, parseRetryAfter(thrown.headers, nowMs));
  }
  // The SDK parses JSON bodies itself; a truncated or non-JSON body surfaces as a SyntaxError.
  if (thrown instanceof SyntaxError) return error('malformed', null, `response body is not valid JSON: ${thrown.message}`);
  if (thrown instanceof Error) return error('network', null, `${thrown.name}: ${thrown.message}`);
  return error('network', null, String(thrown));
}

function causeText(error: Error): string {
  const cause = (error as { cause?: unknown }).cause;
  const text = cause instanceof Error ? `${cause.message}${causeCode(cause)}` : error.message;
  return text;
}

function causeCode(error: Error): string {
  const inner = (error as { cause?: unknown }).cause;
  const code = inner && typeof inner === 'object' && 'code' in inner ? String((inner as { code: unknown }).code) : null;
  return code ? ` (${code})` : '';
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}
