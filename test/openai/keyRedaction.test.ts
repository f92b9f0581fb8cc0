import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, OpenAILimits, redactSecret } from '../../src/policies/openai/index.ts';
import { env, fastRetry, firstContext, KEY_ENV, openaiSpec, TEST_KEY, user } from './fixtures.ts';

describe('the API key', () => {
  let server: MockServer;
  afterEach(() => server.close());

  it('reaches the server but never the settings, the outcome or any error, even when the server echoes it', async () => {
    // The server expects another key and answers 401 quoting the key it got, as OpenAI does.
    server = await startMockServer({ port: 0, apiKey: 'sk-the-right-one-0000000000' });
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), retry: fastRetry });
    const outcome = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(outcome.attempts).toHaveLength(1); // 401 is not retried
    expect(outcome.attempts[0]!.error).toMatchObject({ kind: 'http', status: 401 });
    expect(outcome.attempts[0]!.error!.message).toContain('Incorrect API key provided: [redacted]');
    const everything = JSON.stringify({ settings: policy.settings, outcome });
    expect(everything).not.toContain(TEST_KEY);
    expect(everything).not.toContain(TEST_KEY.slice(3, 20));
    expect(policy.settings['apiKeyEnv']).toBe(KEY_ENV);
  });

  it('is redacted from error text in full, masked or bearer form', () => {
    expect(redactSecret(`got ${TEST_KEY}`, TEST_KEY)).toBe('got [redacted]');
    expect(redactSecret('Incorrect API key provided: sk-abc***xyz1', null)).toBe('Incorrect API key provided: [redacted]');
    expect(redactSecret('Authorization: Bearer abc.def', null)).toBe('Authorization: [redacted]');
  });

  it('is a user error naming the variable when the variable is unset', () => {
    expect(() => createOpenAIPolicy(openaiSpec('http://127.0.0.1:1/v1'), { agent: user, seed: 1 }, { env: {} })).toThrow(
      new RegExp(`${KEY_ENV} is not set`),
    );
  });

  it('in a base URL’s query is refused, without being echoed, from a spec or from OPENAI_BASE_URL', () => {
    const url = `http://127.0.0.1:1/v1?api-key=${TEST_KEY}`;
    expect(() => openaiSpec(url)).toThrow(/must not carry a query/);
    const fromEnv = () => createOpenAIPolicy({ ...openaiSpec('http://127.0.0.1:1/v1'), baseUrl: null }, { agent: user, seed: 1 }, { env: { ...env, OPENAI_BASE_URL: url } });
    expect(fromEnv).toThrow(/base URL http:\/\/127\.0\.0\.1:1\/v1 must not carry a query/);
    expect(fromEnv).not.toThrow(TEST_KEY);
  });

  it('is refused, without being echoed, where a variable name or a plain URL is expected', () => {
    const make = (spec: Parameters<typeof openaiSpec>[1]) => () => createOpenAIPolicy(openaiSpec('http://127.0.0.1:1/v1', spec), { agent: user, seed: 1 }, { env });
    const messageOf = (fn: () => unknown) => {
      try {
        fn();
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    };
    const asName = messageOf(make({ apiKeyEnv: TEST_KEY }));
    expect(asName).toMatch(/takes the NAME of an environment variable/);
    expect(asName).not.toContain(TEST_KEY);
    const inUrl = messageOf(make({ baseUrl: `http://user:${TEST_KEY}@127.0.0.1:1/v1` }));
    expect(inUrl).toMatch(/must not carry credentials/);
    expect(inUrl).not.toContain(TEST_KEY);
  });
});
