import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOCK_FINGERPRINT, startMockServer, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { env, firstContext, openaiSpec, user } from './fixtures.ts';

describe('a streamed (SSE) call', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0 });
  });
  afterAll(() => server.close());

  it('records the same reply as the non-streamed call, usage and fingerprint included', async () => {
    const make = (stream: boolean) => createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), stream });
    const streamed = await make(true).decide({ agent: user.id, call: 0, messages: firstContext() });
    const plain = await make(false).decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(streamed).toEqual(plain);
    expect(streamed.attempts[0]!.reply).toMatchObject({ fingerprint: MOCK_FINGERPRINT, model: 'mock' });
    expect(streamed.attempts[0]!.reply!.usage).not.toBeNull();
  });
});
