import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { env, fastRetry, firstContext, openaiSpec, user } from './fixtures.ts';

/** Bodies a server may send in place of plain content. */
const BODIES = [
  { model: 'x', choices: [{ message: { content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' }] },
  { model: 'x', choices: [{ message: { content: 'Solution: the first half of' }, finish_reason: 'length' }] },
  { model: 'x', choices: [{ message: { content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }] }, finish_reason: 'tool_calls' }] },
];

describe('a reply that is not plain content', () => {
  let server: Server;
  let url: string;
  let served = 0;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(BODIES[served++ % BODIES.length]));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('records the refusal, why the server stopped, and tool calls, so an empty or cut-off reply can be told from one', async () => {
    const policy = createOpenAIPolicy(openaiSpec(url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), retry: fastRetry });
    const replies = [];
    for (let call = 0; call < 3; call++) replies.push((await policy.decide({ agent: user.id, call, messages: firstContext() })).attempts[0]!.reply);
    expect(replies[0]).toMatchObject({ content: '', refusal: 'I cannot help with that.', finishReason: 'stop' });
    expect(replies[1]).toMatchObject({ content: 'Solution: the first half of', finishReason: 'length' });
    expect(replies[1]).not.toHaveProperty('refusal');
    expect(replies[2]).toMatchObject({ content: '', toolCalls: 1, finishReason: 'tool_calls' });
  });
});
