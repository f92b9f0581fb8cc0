import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { agents, env, firstContext, openaiSpec } from './fixtures.ts';

describe('the shared limiter and budgets', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, latencyMs: 10 });
  });
  afterAll(() => server.close());

  it('keeps requests in flight under the concurrency limit across all policies that share it', async () => {
    const limits = new OpenAILimits({ concurrency: 3 });
    const policies = Array.from({ length: 6 }, (_, i) => createOpenAIPolicy(openaiSpec(server.url), { agent: agents[i % 2]!, seed: i }, { env, limits }));
    const outcomes = await Promise.all(policies.flatMap((p, i) => [0, 1].map((call) => p.decide({ agent: agents[i % 2]!.id, call, messages: firstContext(agents[i % 2]) }))));
    expect(outcomes.every((o) => o.attempts.length === 1 && o.attempts[0]!.reply)).toBe(true);
    expect(server.stats().peakOpen).toBe(3);
    expect(limits.usage).toMatchObject({ requests: 12, inFlight: 0, waiting: 0 });
  });

  it('ends calls with a budget error once the request budget is spent', async () => {
    const limits = new OpenAILimits({ maxRequests: 2 });
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: agents[0]!, seed: 1 }, { env, limits });
    const outcomes = await Promise.all([0, 1, 2].map((call) => policy.decide({ agent: agents[0]!.id, call, messages: firstContext() })));
    expect(outcomes.filter((o) => o.attempts[0]!.reply).length).toBe(2);
    const refused = outcomes.find((o) => o.attempts[0]!.error)!;
    expect(refused.attempts).toEqual([{ reply: null, backoffMs: null, error: { kind: 'budget', status: null, retryAfterMs: null, message: 'request budget exhausted: 2 of 2 requests used' } }]);
  });

  it('counts the tokens servers report against the token budget', async () => {
    const limits = new OpenAILimits({ maxTokens: 1 });
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: agents[0]!, seed: 1 }, { env, limits });
    const first = await policy.decide({ agent: agents[0]!.id, call: 0, messages: firstContext() });
    const second = await policy.decide({ agent: agents[0]!.id, call: 1, messages: firstContext() });
    expect(first.attempts[0]!.reply).not.toBeNull();
    expect(second.attempts[0]!.error).toMatchObject({ kind: 'budget' });
    expect(second.attempts[0]!.error!.message).toMatch(/^token budget exhausted/);
  });
});
