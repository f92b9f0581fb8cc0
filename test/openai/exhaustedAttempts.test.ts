import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { env, fastRetry, firstContext, openaiSpec, user } from './fixtures.ts';

describe('a server that keeps answering 500', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, failWith: '500' });
  });
  afterAll(() => server.close());

  const decide = (seed: number) =>
    createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed }, { env, limits: new OpenAILimits(), retry: { ...fastRetry, maxAttempts: 3 } })
      .decide({ agent: user.id, call: 4, messages: firstContext() });

  it('gets exactly maxAttempts attempts, each an http 500, and the call fails', async () => {
    const { attempts } = await decide(1);
    expect(attempts).toHaveLength(3);
    for (const attempt of attempts) expect(attempt).toMatchObject({ reply: null, error: { kind: 'http', status: 500, retryAfterMs: null } });
    expect(attempts.at(-1)!.backoffMs).toBeNull();
  });

  it('backs off exponentially with jitter drawn from the agent seed, reproducibly', async () => {
    const a = (await decide(1)).attempts.map((x) => x.backoffMs);
    const b = (await decide(1)).attempts.map((x) => x.backoffMs);
    expect(a).toEqual(b);
    // Equal jitter: attempt k waits within [base/2, base], base = 5 · 2^k capped at 20.
    expect(a[0]).toBeGreaterThanOrEqual(2.5);
    expect(a[0]).toBeLessThanOrEqual(5);
    expect(a[1]).toBeGreaterThanOrEqual(5);
    expect(a[1]).toBeLessThanOrEqual(10);
  });
});
