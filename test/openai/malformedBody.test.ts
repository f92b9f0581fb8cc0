import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, invalidOutputReason, OpenAILimits } from '../../src/policies/openai/index.ts';
import { env, fastRetry, firstContext, openaiSpec, user } from './fixtures.ts';

describe('a malformed response body', () => {
  let server: MockServer;
  afterEach(() => server.close());

  it('is a malformed error (not a crash, not an invalid output), retried like a transient failure', async () => {
    server = await startMockServer({ port: 0, failWith: 'malformed', failFirst: 1 });
    const policy = createOpenAIPolicy(openaiSpec(server.url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), retry: fastRetry });
    const { attempts } = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(attempts).toHaveLength(2);
    expect(attempts[0]!.error).toMatchObject({ kind: 'malformed', status: null });
    expect(attempts[0]!.error!.message).toMatch(/not valid JSON/);
    expect(invalidOutputReason(attempts[0]!.error)).toBeNull();
    expect(attempts[1]!.reply).not.toBeNull();
  });

  it('treats valid JSON that is not a chat completion as malformed too', async () => {
    // A raw server: the loopback server only sends well-formed completions or its named faults.
    const raw = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [] }));
    });
    await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
    server = { url: '', port: 0, stats: () => ({ requests: 0, faults: 0, open: 0, peakOpen: 0 }), close: () => new Promise((r) => raw.close(() => r())) };
    const url = `http://127.0.0.1:${(raw.address() as AddressInfo).port}/v1`;
    const policy = createOpenAIPolicy(openaiSpec(url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), retry: { ...fastRetry, maxAttempts: 1 } });
    const { attempts } = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(attempts).toHaveLength(1);
    expect(attempts[0]!.error).toMatchObject({ kind: 'malformed', status: null });
    expect(attempts[0]!.error!.message).toMatch(/not a chat completion/);
  });
});
