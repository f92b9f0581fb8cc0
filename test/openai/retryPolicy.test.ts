import { describe, expect, it } from 'vitest';
import type { ModelError } from '../../src/core/events.ts';
import { createRng } from '../../src/determinism/rng.ts';
import { DEFAULT_RETRY_POLICY, isRetryable, nextBackoffMs, parseRetryAfter } from '../../src/policies/openai/index.ts';

const http = (status: number, retryAfterMs: number | null = null): ModelError => ({ kind: 'http', status, message: '', retryAfterMs });
const headers = (h: Record<string, string>) => new Headers(h);

describe('the retry policy', () => {
  it('retries rate limits, server errors, timeouts, network failures and bad bodies, but not client errors or budgets', () => {
    expect([429, 500, 503, 408].map((s) => isRetryable(http(s)))).toEqual([true, true, true, true]);
    expect([400, 401, 404].map((s) => isRetryable(http(s)))).toEqual([false, false, false]);
    expect(isRetryable({ kind: 'budget', status: null, message: '', retryAfterMs: null })).toBe(false);
    expect(isRetryable({ kind: 'timeout', status: null, message: '', retryAfterMs: null })).toBe(true);
  });

  it('stops after maxAttempts', () => {
    const rng = createRng(1);
    expect(nextBackoffMs({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 }, 0, http(500), rng)).not.toBeNull();
    expect(nextBackoffMs({ ...DEFAULT_RETRY_POLICY, maxAttempts: 2 }, 1, http(500), rng)).toBeNull();
  });

  it('caps the exponential backoff', () => {
    const waits = Array.from({ length: 10 }, (_, k) => nextBackoffMs({ ...DEFAULT_RETRY_POLICY, maxAttempts: 99 }, k, http(500), createRng(k)));
    expect(Math.max(...waits.map(Number))).toBeLessThanOrEqual(DEFAULT_RETRY_POLICY.maxBackoffMs);
  });

  it('reads retry-after-ms first, then retry-after in seconds or as an HTTP date', () => {
    const now = () => Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter(headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
    expect(parseRetryAfter(headers({ 'retry-after': '2' }), now)).toBe(2000);
    expect(parseRetryAfter(headers({ 'retry-after': 'Wed, 01 Jan 2025 00:00:03 GMT' }), now)).toBe(3000);
    expect(parseRetryAfter(headers({ 'retry-after': 'soon' }), now)).toBeNull();
    expect(parseRetryAfter(headers({}), now)).toBeNull();
  });
});
