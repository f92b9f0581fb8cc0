import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../../src/mock/index.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { troupe } from '../helpers/cli.ts';
import { env, fastRetry, firstContext, openaiSpec, user } from './fixtures.ts';

const main = fileURLToPath(new URL('./bin/serveMockMain.ts', import.meta.url));

describe('troupe serve-mock', () => {
  it('serves until terminated, injecting the requested failure, and says what it served', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--port', '0', '--fail-with', '500', '--error-rate', '0.5', '--seed', '3'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const m = /on (http:\/\/\S+\/v1)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve-mock exited early (${code})`)));
    });
    const policy = createOpenAIPolicy(openaiSpec(url), { agent: user, seed: 1 }, { env, limits: new OpenAILimits(), retry: { ...fastRetry, maxAttempts: 8 } });
    const outcomes = await Promise.all([0, 1, 2, 3].map((call) => policy.decide({ agent: user.id, call, messages: firstContext() })));
    expect(outcomes.every((o) => o.attempts.at(-1)!.reply)).toBe(true);
    const failed = outcomes.flatMap((o) => o.attempts.filter((a) => a.error)).length;
    expect(failed).toBeGreaterThan(0);

    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(out).toContain(`served ${4 + failed} chat requests, ${failed} with injected failures`);
  }, 20_000);

  it('rejects an error rate outside 0..1', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', main, '--error-rate', '1.5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(err).toMatch(/--error-rate must be between 0 and 1/);
  }, 20_000);

  it('says a port in use or out of range is the problem, without a stack trace', async () => {
    const server = await startMockServer({ port: 0 });
    try {
      const busy = await troupe('serve-mock', '--port', String(server.port));
      expect(busy.code).toBe(1);
      expect(busy.stderr).toBe(`troupe: port ${server.port} is in use: choose another with --port (0 = any free port).\n`);
    } finally {
      await server.close();
    }
    const high = await troupe('serve-mock', '--port', '70000');
    expect(high.code).toBe(1);
    expect(high.stderr).toMatch(/--port must be an integer from 0 to 65535, got "70000"/);
  }, 20_000);
});
