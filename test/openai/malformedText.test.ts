import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRun } from '../../src/record/readRun.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';
import { KEY_ENV, TEST_KEY } from './fixtures.ts';

describe('text that is not well-formed Unicode', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    process.env[KEY_ENV] = TEST_KEY;
    // A server that cuts an emoji in half: `\ud83d` alone (a lone surrogate) is valid JSON, but not a character.
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"model":"x","choices":[{"message":{"content":"Solution: half an emoji \\ud83d. Next request."},"finish_reason":"stop"}]}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    delete process.env[KEY_ENV];
  });

  it('from a model is recorded with U+FFFD in its place: the run completes, verifies and replays', async () => {
    const out = tempDir();
    const run = await troupe('run', 'camel-roleplay', '--policy', 'openai', '--model', 'm', '--base-url', url, '--api-key-env', KEY_ENV, '--max-turns', '4', '--out', out, '--json');
    expect(run.stderr).toBe('');
    const { file, termination } = JSON.parse(run.stdout) as { file: string; termination: { reason: string } };
    expect(termination.reason).not.toBe('error');
    const replies = readRun(file).events.flatMap((e) => (e.type === 'model.response' && e.reply ? [e.reply.content] : []));
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(reply).toBe('Solution: half an emoji \ufffd. Next request.');
    expect((await troupe('verify', file)).stdout).toMatch(/intact/);
    const replay = await troupe('replay', file);
    expect([replay.code, replay.stdout]).toEqual([0, expect.stringMatching(/replays identically/)]);
  });

  it('in an agents file is refused before anything is written, naming the field', async () => {
    const out = tempDir();
    const base = await troupe('run', 'relay', '--max-turns', '1', '--out', out, '--json');
    const agents = readRun((JSON.parse(base.stdout) as { file: string }).file).header.config.agents;
    agents[1]!.role.description += ' \ud83d';
    const file = join(out, 'agents.json');
    writeFileSync(file, JSON.stringify(agents));
    expect(readFileSync(file, 'utf8')).toContain('\\ud83d');
    const before = (await troupe('runs', '--dir', out, '--json')).stdout;
    const r = await troupe('run', 'relay', '--agents', file, '--out', out);
    expect([r.code, r.stderr]).toEqual([
      1,
      'troupe: The run configuration: agents[1].role.description holds text that is not well-formed Unicode (a lone surrogate such as \\ud83d, half of a character); fix that text.\n',
    ]);
    expect((await troupe('runs', '--dir', out, '--json')).stdout).toBe(before);
  });
});
