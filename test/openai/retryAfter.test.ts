import { afterEach, describe, expect, it } from 'vitest';
import { wallClockMs } from '../../src/determinism/clock.ts';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { env, fastRetry, firstContext, openaiSpec, user } from './fixtures.ts';

describe('a 429 with retry-after', () => {
  let server: MockServer;
  afterEach(() => server.close());

  it('is recorded as an attempt with its status and retry-after, waited out, then retried to success', async () => {
    server = await startMockServer({ port: 0, failWith: '429', failFirst: 2, retryAfterMs: 40 });
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), retry: fastRetry });
    const started = wallClockMs();
    const { attempts } = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    const elapsed = wallClockMs() - started;

    expect(attempts.map((a) => a.error?.status ?? 'ok')).toEqual([429, 429, 'ok']);
    expect(attempts[0]!.error).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 40 });
    // The server's wait wins over the (shorter) computed backoff, and it is really waited.
    expect(attempts.map((a) => a.backoffMs)).toEqual([40, 40, null]);
    expect(elapsed).toBeGreaterThanOrEqual(78);
    expect(attempts[2]!.reply!.content).toMatch(/Instruction:/);
    expect(server.stats().requests).toBe(3);
  });

  it('fails the call instead of stalling when the server asks for a longer wait than allowed', async () => {
    server = await startMockServer({ port: 0, failWith: '429', failFirst: 1, retryAfterMs: 5_000 });
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed: 1 }, {
      env,
      limits: new OpenAILimits(),
      retry: { ...fastRetry, maxRetryAfterMs: 1_000 },
    });
    const { attempts } = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ reply: null, backoffMs: null, error: { status: 429, retryAfterMs: 5_000 } });
    expect(attempts[0]!.error!.message).toMatch(/\(the server asked to retry after 5000 ms, longer than maxRetryAfterMs 1000 ms: not retried\)$/);
  });
});
