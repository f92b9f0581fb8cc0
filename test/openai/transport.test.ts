import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, nodeHttpFetch, OpenAILimits } from '../../src/policies/openai/index.ts';
import { env, fastRetry, firstContext, openaiSpec, user } from './fixtures.ts';

async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` };
}

describe('the HTTP transport', () => {
  let mock: MockServer | null = null;
  let raw: Server | null = null;
  afterEach(async () => {
    await mock?.close();
    raw?.closeAllConnections();
    await new Promise((r) => (raw ? raw.close(r) : r(null)));
    mock = raw = null;
  });

  it('gives the same outcome through the global fetch as through the default node:http transport', async () => {
    mock = await startMockServer({ port: 0, failWith: '429', failFirst: 1, retryAfterMs: 3 });
    const make = (fetch?: typeof globalThis.fetch) =>
      createOpenAIPolicy(openaiSpec(mock!.url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), retry: fastRetry, ...(fetch && { fetch }) });
    const viaUndici = await make(globalThis.fetch).decide({ agent: user.id, call: 0, messages: firstContext() });
    const viaNode = await make().decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(viaUndici.attempts.map((a) => a.error?.status ?? 'ok')).toEqual([429, 'ok']);
    expect(viaNode.attempts).toEqual([viaUndici.attempts[1]]);
  });

  it('times out a server that sends headers and then stalls the body', async () => {
    const stalled = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"choices":');
    });
    raw = stalled.server;
    const policy = createOpenAIPolicy(openaiSpec(stalled.url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), timeoutMs: 50, retry: { ...fastRetry, maxAttempts: 1 } });
    const { attempts } = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(attempts[0]!.error).toMatchObject({ kind: 'timeout' });
  });

  it('decodes a gzip body and reports a refused connection as a network error', async () => {
    const completion = { model: 'm', choices: [{ message: { content: 'hi' } }] };
    const gz = await rawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(completion)));
    });
    raw = gz.server;
    const response = await nodeHttpFetch(`${gz.url}/chat/completions`, { method: 'POST', body: '{}' });
    expect(await response.json()).toEqual(completion);

    // A port nothing listens on: take one from a server that never had a connection, then close it.
    const gone = await rawServer(() => {});
    const port = (gone.server.address() as AddressInfo).port;
    await new Promise((r) => gone.server.close(r));
    const policy = createOpenAIPolicy(openaiSpec(`http://127.0.0.1:${port}/v1`), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), retry: { ...fastRetry, maxAttempts: 1 } });
    const { attempts } = await policy.decide({ agent: user.id, call: 0, messages: firstContext() });
    expect(attempts[0]!.error).toMatchObject({ kind: 'network', status: null });
    expect(attempts[0]!.error!.message).toMatch(/ECONNREFUSED/);
  });
});
