import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

describe('a live run that ended in error because the server failed', () => {
  let server: MockServer;
  beforeAll(async () => {
    // Every attempt of the first call fails (4 of them), then the server is back.
    server = await startMockServer({ port: 0, failWith: '500', failFirst: 4 });
  });
  afterAll(() => server.close());

  it('is not resumable, and resume says how to carry it on: a fork from the turn it failed in, which works', async () => {
    const out = tempDir();
    const run = await troupe('run', 'camel-roleplay', '--policy', 'openai', '--model', 'mock', '--base-url', server.url, '--max-turns', '3', '--out', out, '--json');
    const { file, termination } = JSON.parse(run.stdout) as { file: string; termination: { reason: string } };
    expect(termination.reason).toBe('error');
    const resume = await troupe('resume', file);
    expect(resume.code).toBe(1);
    expect(resume.stderr).toMatch(/is complete \(sealed, \d+ events\): nothing to resume\. It ended in error in turn 1 \(user call 0: .*500.*\); resume finishes unfinished runs only\. To carry it on from before that, fork it: `troupe fork \S+ --at turn:1`/);
    const command = /`troupe (fork [^`]+)`/.exec(resume.stderr)![1]!.split(' ');
    const fork = await troupe(...command, '--out', out, '--json');
    expect(fork.stderr).toBe('');
    expect((JSON.parse(fork.stdout) as { termination: { reason: string } }).termination.reason).not.toBe('error');
  }, 60_000);
});
