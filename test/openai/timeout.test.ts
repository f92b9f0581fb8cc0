import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { env, fastRetry, firstContext, openaiSpec, user } from './fixtures.ts';

describe('a server that never answers', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, failWith: 'timeout' });
  });
  afterAll(() => server.close());

  it('times every attempt out and records it as a timeout, then gives up', async () => {
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed: 1 }, {
      env,
      limits: new OpenAILimits(),
      timeoutMs: 60,
      retry: { ...fastRetry, maxAttempts: 2 },
    });
    const { attempts } = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) expect(attempt).toMatchObject({ reply: null, error: { kind: 'timeout', status: null } });
    expect(policy.settings['timeoutMs']).toBe(60);
  });
});
