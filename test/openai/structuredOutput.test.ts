import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startMockServer, type MockResponder, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, invalidOutputReason, OpenAILimits, parseStructured, structuredOutput } from '../../src/policies/openai/index.ts';
import { env, firstContext, openaiSpec, user } from './fixtures.ts';

const Act = z.object({ act: z.enum(['instruct', 'solve']), text: z.string(), input: z.string().nullable() });

describe('structured output', () => {
  let server: MockServer;
  afterEach(() => server.close());

  const policyFor = (url: string, mode: 'json_schema' | 'prompt' = 'json_schema', maxReasks = 1) =>
    createOpenAIPolicy(openaiSpec(url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), structured: structuredOutput('act', Act, { mode, maxReasks }) });

  it('sends the zod schema as response_format json_schema and records the parsed reply as normalised JSON', async () => {
    const seen: unknown[] = [];
    server = await startMockServer({ port: 0, respond: (r) => (seen.push(r.jsonSchema), 'step one') });
    const policy = policyFor(server.url);
    const { attempts } = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(seen[0]).toMatchObject({ type: 'object', required: ['act', 'text', 'input'], additionalProperties: false });
    expect(attempts).toHaveLength(1);
    const value = Act.parse(JSON.parse(attempts[0]!.reply!.content));
    expect(value.text).toBe('step one');
    expect(policy.settings['structured']).toBe('json_schema:act');
  });

  it('records an unparseable reply as an invalid-output attempt, re-asks with the reason, and accepts the corrected reply', async () => {
    const replies = ['Sure! I will instruct now.', '```json\n{"act":"instruct","text":"install the libraries","input":null}\n```'];
    const asked: MockResponder = (r) => replies[r.messages.filter((m) => m.role === 'assistant').length] ?? 'no';
    server = await startMockServer({ port: 0, respond: asked });
    const { attempts } = await policyFor(server.url, 'prompt').decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ reply: null, backoffMs: 0, error: { kind: 'malformed', status: 200 } });
    expect(invalidOutputReason(attempts[0]!.error)).toMatch(/^the reply contains no JSON object; reply began "Sure! I will instruct now\."/);
    expect(JSON.parse(attempts[1]!.reply!.content)).toEqual({ act: 'instruct', text: 'install the libraries', input: null });
  });

  it('gives up after the bounded number of re-asks, ending on the invalid attempt', async () => {
    server = await startMockServer({ port: 0, respond: () => '{"act":"dance","text":"x","input":null}' });
    const { attempts } = await policyFor(server.url, 'prompt', 2).decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(attempts).toHaveLength(3);
    expect(attempts.at(-1)).toMatchObject({ reply: null, backoffMs: null });
    expect(invalidOutputReason(attempts.at(-1)!.error)).toMatch(/does not match "act"/);
  });

  it('parses JSON wrapped in prose, the fallback for servers without structured output', () => {
    const result = parseStructured(structuredOutput('act', Act), 'Here you go: {"act":"solve","text":"done","input":"x"} — hope it helps');
    expect(result).toEqual({ ok: true, value: { act: 'solve', text: 'done', input: 'x' }, json: '{"act":"solve","text":"done","input":"x"}' });
  });

  it('refuses .optional() fields, which strict structured outputs cannot express', () => {
    expect(() => structuredOutput('bad', z.object({ a: z.string().optional() }))).toThrow(/nullable/);
  });
});
