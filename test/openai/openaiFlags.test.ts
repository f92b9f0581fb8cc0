import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRequestFromFlags, type RunFlags } from '../../src/cli/runRequest.ts';
import { resolveWorld } from '../../src/world/index.ts';
import { tempDir } from '../helpers/runs.ts';

/** An --agents file: the world's own agents, on the openai policy with their own timeout and retries. */
async function openaiAgentsFile(): Promise<string> {
  const { world } = await resolveWorld('camel-roleplay');
  const agents = world.agents({ task: 'trading-bot' }).map((a) => ({ ...a, policy: { kind: 'openai', model: 'file-model', timeoutMs: 2000, maxAttempts: 3 } }));
  const file = join(tempDir(), 'agents.json');
  writeFileSync(file, JSON.stringify(agents));
  return file;
}

async function request(flags: Partial<RunFlags>) {
  const { world } = await resolveWorld('camel-roleplay');
  return runRequestFromFlags('camel-roleplay', world, { seed: 1, param: { task: 'trading-bot' }, ...flags });
}

describe('openai flags of troupe run', () => {
  it('--policy openai over an agents file keeps the agents’ own openai settings and overrides only what the flags set', async () => {
    const agents = await openaiAgentsFile();
    const { agents: specs } = await request({ agents, policy: 'openai', baseUrl: 'http://127.0.0.1:9/v1' });
    for (const spec of specs!) expect(spec.policy).toMatchObject({ kind: 'openai', model: 'file-model', timeoutMs: 2000, maxAttempts: 3, baseUrl: 'http://127.0.0.1:9/v1' });
  });

  it('without --policy, the openai flags apply to agents that use openai, and are refused when none does', async () => {
    const { agents: specs } = await request({ agents: await openaiAgentsFile(), model: 'flag-model' });
    for (const spec of specs!) expect(spec.policy).toMatchObject({ kind: 'openai', model: 'flag-model', timeoutMs: 2000 });
    await expect(request({ model: 'm', baseUrl: 'http://127.0.0.1:9/v1' })).rejects.toThrow('--model, --base-url apply to the openai policy, which no agent uses: add --policy openai');
    await expect(request({ maxRequests: 3 })).rejects.toThrow('--max-requests applies to the openai policy');
  });

  it('refuses a base URL that is not http(s), or carries a query, naming the field instead of crashing', async () => {
    for (const [baseUrl, message] of [
      ['127.0.0.1:18001/v1', /^--base-url: Invalid URL\.$/],
      ['not a url', /^--base-url: Invalid URL\.$/],
      ['ftp://127.0.0.1/v1', /must be http:\/\/ or https:\/\//],
      ['http://127.0.0.1:9/v1?key=sk-secret', /must not carry a query/],
    ] as const) {
      await expect(request({ policy: 'openai', model: 'm', baseUrl })).rejects.toThrow(message);
    }
    await expect(request({ policy: 'openai', model: 'm', temperature: 9 })).rejects.toThrow(/^--temperature 9: Too big: expected number to be <=2\.$/);
    // Never echoed: a base URL may carry credentials, and a key given where its variable's name goes is the key.
    for (const flags of [{ baseUrl: 'http://user:secretpw@127.0.0.1:8000/v1' }, { apiKeyEnv: 'sk-secretpw' }]) {
      const error = await request({ policy: 'openai', model: 'm', ...flags }).catch((e: Error) => e);
      expect(error).toBeInstanceOf(Error);
      expect((error as Error).message).not.toContain('secretpw');
    }
  });
});
