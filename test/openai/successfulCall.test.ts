import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelReplySchema } from '../../src/core/events.ts';
import { MOCK_FINGERPRINT, startMockServer, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { env, firstContext, openaiSpec, TEST_KEY, user } from './fixtures.ts';

describe('a call through the OpenAI SDK to the loopback server', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, apiKey: TEST_KEY });
  });
  afterAll(() => server.close());

  it('returns one attempt with the reply, the model, the system fingerprint and token usage', async () => {
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits() });
    const { attempts } = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(attempts).toHaveLength(1);
    const [attempt] = attempts;
    expect(attempt!.error).toBeNull();
    expect(ModelReplySchema.parse(attempt!.reply)).toMatchObject({ model: 'mock', fingerprint: MOCK_FINGERPRINT, truth: [] });
    expect(attempt!.reply!.content).toMatch(/Instruction: /);
    expect(attempt!.reply!.usage!.promptTokens).toBeGreaterThan(0);
  });

  it('answers the same context with the same reply', async () => {
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits() });
    const a = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    const b = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(b).toEqual(a);
  });

  it('exposes the model settings and the server address in policy.settings', () => {
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed: 1 }, { env });
    expect(policy.settings).toMatchObject({ kind: 'openai', model: 'mock', baseUrl: server.url, temperature: 0.7, seed: 7, maxTokens: 300, topP: null });
  });
});
