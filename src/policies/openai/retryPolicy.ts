import type { ModelError } from '../../core/events.ts';
import type { Rng } from '../../determinism/rng.ts';

/** troupe's own retry policy for live model calls (the SDK's retries are off). */
export interface RetryPolicy {
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  /** Backoff before the second attempt; doubles (times `factor`) per attempt. */
  readonly initialBackoffMs: number;
  readonly factor: number;
  /** Cap on the computed backoff (not on a server's `retry-after`, see `maxRetryAfterMs`). */
  readonly maxBackoffMs: number;
  /** A server asking for a longer wait than this gets the call failed instead of a stalled run. */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  initialBackoffMs: 500,
  factor: 2,
  maxBackoffMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/** Errors worth another attempt: rate limits, server errors, lock/request timeouts, transport failures, bad bodies. */
export function isRetryable(error: ModelError): boolean {
  switch (error.kind) {
    case 'timeout':
    case 'network':
    case 'malformed':
      return true;
    case 'http':
      return error.status === 408 || error.status === 409 || error.status === 429 || (error.status ?? 0) >= 500;
    case 'budget':
    case 'miss':
      return false;
  }
}

/**
 * The wait before attempt `attempt + 1`, after attempt `attempt` (0-based)
 * failed with `error`; null when the call should stop here. A server's
 * `retry-after` is honoured as given; otherwise exponential backoff with
 * "equal jitter" (half fixed, half drawn from the call's seeded stream), so
 * concurrent agents do not retry in lockstep yet a run's waits are reproducible.
 *
 * @example nextBackoffMs(DEFAULT_RETRY_POLICY, 0, { kind: 'http', status: 429, message: '', retryAfterMs: 20 }, rng) // 20
 */
export function nextBackoffMs(policy: RetryPolicy, attempt: number, error: ModelError, rng: Rng): number | null {
  if (attempt + 1 >= policy.maxAttempts || !isRetryable(error)) return null;
  if (error.retryAfterMs !== null) return error.retryAfterMs <= policy.maxRetryAfterMs ? error.retryAfterMs : null;
  const base = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * policy.factor ** attempt);
  return Math.round(base / 2 + rng.float() * (base / 2));
}

/**
 * A server's requested wait in ms, from `retry-after-ms` (OpenAI's, more
 * precise) or `retry-after` (seconds, or an HTTP date relative to `nowMs`).
 */
export function parseRetryAfter(headers: { get(name: string): string | null } | null | undefined, nowMs: () => number): number | null {
  if (!headers) return null;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const after = headers.get('retry-after');
  if (after === null || after.trim() === '') return null;
  if (Number.isFinite(Number(after))) return Math.max(0, Math.round(Number(after) * 1000));
  const date = Date.parse(after);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs());
}
