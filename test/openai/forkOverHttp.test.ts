import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { readRun } from '../../src/record/index.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';
import { KEY_ENV, TEST_KEY } from './fixtures.ts';

describe('a run made with the openai policy, through the CLI', () => {
  let server: MockServer;
  beforeAll(async () => {
    process.env[KEY_ENV] = TEST_KEY;
    server = await startMockServer({ port: 0, apiKey: TEST_KEY });
  });
  afterAll(async () => {
    delete process.env[KEY_ENV];
    await server.close();
  });

  it('forks and resumes in a fresh process (the openai module loads for them as it does for run)', async () => {
    const out = tempDir();
    const policy = ['--policy', 'openai', '--model', 'mock', '--base-url', server.url, '--api-key-env', KEY_ENV];
    const run = await troupe('run', 'camel-roleplay', ...policy, '--max-turns', '6', '--out', out, '--json');
    expect(run.stderr).toBe('');
    const parent = (JSON.parse(run.stdout) as { file: string }).file;

    const fork = await troupe('fork', parent, '--at', 'turn:3', '--set', 'maxTurns=8', '--out', out, '--json');
    expect(fork.stderr).toBe('');
    expect(fork.code).toBe(0);
    const child = readRun((JSON.parse(fork.stdout) as { file: string }).file);
    expect(child.seal).not.toBeNull();
    expect(child.events.some((e) => e.type === 'model.response' && e.seq > child.header.parent!.at)).toBe(true);
    expect(readdirSync(out).filter((f) => f.endsWith('.jsonl'))).toHaveLength(2);

    // Killed before its last events: resume serves the recorded replies, then calls the server again.
    const lines = readFileSync(parent, 'utf8').split('\n');
    const cut = join(tempDir(), 'cut.jsonl');
    writeFileSync(cut, `${lines.slice(0, lines.length - 6).join('\n')}\n`);
    const resumed = await troupe('resume', cut, '--json');
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(readRun(cut).seal!.finalHash).toBe(readRun(parent).seal!.finalHash);
  });

  it('takes the model-call budget and limits for a fork or resume onto a live model, as run does', async () => {
    const out = tempDir();
    const policy = ['--policy', 'openai', '--model', 'mock', '--base-url', server.url, '--api-key-env', KEY_ENV];
    const parent = (JSON.parse((await troupe('run', 'camel-roleplay', ...policy, '--max-turns', '6', '--out', out, '--json')).stdout) as { file: string }).file;
    const before = server.stats().requests;
    // The prefix's replies come from the recording: only the calls after the fork point spend the budget.
    const fork = await troupe('fork', parent, '--at', 'turn:2', '--set', 'maxTurns=20', '--max-requests', '2', '--concurrency', '1', '--out', out, '--json');
    expect(fork.stderr).toBe('');
    expect(JSON.parse(fork.stdout)).toMatchObject({ termination: { reason: 'budget' } });
    expect(server.stats().requests - before).toBe(2);
    const lines = readFileSync(parent, 'utf8').split('\n');
    const cut = join(tempDir(), 'cut.jsonl');
    writeFileSync(cut, `${lines.slice(0, lines.length - 6).join('\n')}\n`);
    const resumed = await troupe('resume', cut, '--max-requests', '0');
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toContain('--max-requests must be an integer ≥ 1, got "0"');
  });
});
