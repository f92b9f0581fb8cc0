import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camelAgents } from '../../agents/camelAgents.ts';
import { camelTasks } from '../../agents/camelTasks.ts';
import type { RunEvent } from '../../src/core/events.ts';
import { MOCK_FINGERPRINT, startMockServer, type MockServer } from '../../src/mock/index.ts';
import '../../src/policies/openai/index.ts';
import { readRun } from '../../src/record/readRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import { KEY_ENV, TEST_KEY } from './fixtures.ts';

const task = camelTasks[0]!;

/** camel-roleplay with both agents on the openai policy, pointed at `url`. */
function config(url: string, seed = 11) {
  return {
    world: 'camel-roleplay',
    seed,
    worldParams: { task: task.id },
    agents: camelAgents(task).map((a) => ({ ...a, policy: { kind: 'openai' as const, model: 'mock', baseUrl: url, apiKeyEnv: KEY_ENV, temperature: 0.2 } })),
  };
}

describe('a camel-roleplay run through the OpenAI SDK against the loopback server', () => {
  let server: MockServer;
  let dir: string;
  beforeAll(async () => {
    process.env[KEY_ENV] = TEST_KEY;
    server = await startMockServer({ port: 0, apiKey: TEST_KEY, failWith: '429', failFirst: 2, retryAfterMs: 2 });
    dir = mkdtempSync(join(tmpdir(), 'troupe-openai-'));
  });
  afterAll(async () => {
    await server.close();
    delete process.env[KEY_ENV];
    rmSync(dir, { recursive: true, force: true });
  });

  it('records the conversation, every attempt, the settings and the fingerprint, and never the key', async () => {
    const events: RunEvent[] = [];
    const result = await runWorld({ config: config(server.url), out: dir, onEvent: (e) => events.push(e) });

    expect(['done', 'max-messages', 'max-turns', 'goal-reached']).toContain(result.termination.reason);
    expect(result.file).not.toBeNull();
    const requests = events.filter((e) => e.type === 'model.request');
    const responses = events.filter((e) => e.type === 'model.response');
    expect(requests.length).toBeGreaterThan(4);
    expect(requests[0]!.settings).toMatchObject({ kind: 'openai', model: 'mock', baseUrl: server.url, apiKeyEnv: KEY_ENV, temperature: 0.2 });
    // The first call was rate-limited twice and retried: every attempt is recorded with its status.
    expect(responses.length).toBe(requests.length + 2);
    expect(responses.some((e) => e.error?.status === 429 && e.backoffMs === 2)).toBe(true);
    expect(responses.filter((e) => e.reply).every((e) => e.reply!.fingerprint === MOCK_FINGERPRINT)).toBe(true);
    expect(events.filter((e) => e.type === 'message').length).toBeGreaterThan(4);

    for (const name of readdirSync(dir)) {
      const text = readFileSync(join(dir, name), 'utf8');
      expect(text, name).not.toContain(TEST_KEY);
      expect(text, name).not.toContain('Bearer');
    }
    expect(JSON.stringify({ events, result })).not.toContain(TEST_KEY);
  });

  it('ends with the budget reason, sealed, when the shared request budget runs out', async () => {
    const { sharedOpenAILimits } = await import('../../src/policies/openai/index.ts');
    const limits = sharedOpenAILimits();
    const before = limits.limits;
    limits.reset();
    limits.configure({ maxRequests: 3 });
    try {
      const result = await runWorld({ config: config(server.url, 12), out: dir });
      expect(result.termination.reason).toBe('budget');
      expect(result.termination.detail).toMatch(/request budget exhausted/);
      expect(result.finalHash).not.toBeNull();
    } finally {
      limits.configure(before);
      limits.reset();
    }
  });

  it('ends with a clear error, the file sealed, when a server answers nothing but 500s', async () => {
    const failing = await startMockServer({ port: 0, failWith: '500' });
    try {
      const result = await runWorld({ config: config(failing.url, 13), out: dir });
      expect(result.termination.reason).toBe('error');
      expect(result.termination.detail).toMatch(/^user call 0: 500 The server had an error/);
      const file = readRun(result.file!);
      expect(file.seal).toMatchObject({ termination: 'error', finalHash: result.finalHash });
      const attempts = file.events.filter((e) => e.type === 'model.response');
      expect(attempts.map((e) => e.type === 'model.response' && e.error?.status)).toEqual([500, 500, 500, 500]);
      expect(failing.stats().requests).toBe(4);
    } finally {
      await failing.close();
    }
  });
});
