import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../src/core/specs.ts';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { judgeConversation, judgeFile, loadJudgeInput } from '../../src/monitors/judge/index.ts';
import { judgeOutput } from '../../src/monitors/judge/judgeOutput.ts';
import type { Policy, PolicyOutcome } from '../../src/policies/Policy.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { startTroupe, troupe } from '../helpers/cli.ts';
import { runCollect, tempDir } from '../helpers/runs.ts';
import { env, openaiSpec, TEST_KEY } from '../openai/fixtures.ts';

const JUDGE = { id: 'judge' } as AgentSpec;
const NONE = JSON.stringify({ role_flip: false, flake: false, loop: false, drift: false, explanation: 'none' });

describe('the judge record keeps what was paid for', () => {
  let server: MockServer;
  let file: string;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, respond: () => NONE });
    file = (await runCollect({ config: { world: 'camel-roleplay', seed: 4 }, out: tempDir() })).result.file!;
  });
  afterAll(() => server.close());
  const policy = (url = server.url, key?: string) =>
    createOpenAIPolicy(openaiSpec(url), { agent: JUDGE, seed: 0 }, { env: key ? { TROUPE_TEST_OPENAI_KEY: key } : env, limits: new OpenAILimits(), structured: judgeOutput('prompt') });

  it('writes each reply as it arrives: one slow call does not hold back the answers after it', async () => {
    const input = loadJudgeInput(file);
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    let answered = 0;
    // The thing under test is the record, not the model: the first call hangs, the others answer at once.
    const stalling: Policy = {
      kind: 'openai',
      settings: { kind: 'openai', model: 'stall' },
      decide: async (request): Promise<PolicyOutcome> => {
        if (request.call === input.events.find((e) => e.type === 'message')!.seq) await slow;
        answered++;
        return { attempts: [{ reply: { content: NONE, truth: [], model: 'stall', fingerprint: null, usage: null }, error: null, backoffMs: null }] };
      },
    };
    const record = join(tempDir(), 'r.judge-00000000.jsonl');
    const pass = judgeConversation(input.events, { policy: stalling, model: 'stall', record, judged: input.judged, history: 4, inFlight: 3 });
    const messages = input.events.filter((e) => e.type === 'message').length;
    while (answered < messages - 1) await new Promise((r) => setTimeout(r, 5));
    // A process killed now keeps every answer but the one still awaited.
    expect(readFileSync(record, 'utf8').trim().split('\n')).toHaveLength(1 + messages - 1);
    release();
    const done = await pass;
    expect(done.failed).toEqual([]);
    const sealed = readFileSync(record, 'utf8').trim().split('\n');
    expect(sealed).toHaveLength(1 + messages + 1);
    // Sealed in message order, whatever order the replies came in.
    const seqs = sealed.slice(1, -1).map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('refuses a record with an edited line, naming it, instead of dropping what follows', async () => {
    const dir = tempDir();
    const first = await judgeFile(file, { policy: policy(), model: 'mock', history: 4, inFlight: 2, outDir: dir });
    const lines = readFileSync(first.record, 'utf8').split('\n');
    const entry = JSON.parse(lines[2]!) as { verdict: { drift: boolean } };
    entry.verdict.drift = true;
    lines[2] = JSON.stringify(entry);
    writeFileSync(first.record, lines.join('\n'));
    const before = server.stats().requests;
    await expect(judgeFile(file, { policy: policy(), model: 'mock', history: 4, inFlight: 2, outDir: dir })).rejects.toThrow(/line 3 does not match its hash: the judge record was edited or damaged/);
    expect(server.stats().requests).toBe(before);
  });

  it('starts afresh from a header cut before its newline', async () => {
    const dir = tempDir();
    const first = await judgeFile(file, { policy: policy(), model: 'mock', history: 4, inFlight: 2, outDir: dir });
    const whole = readFileSync(first.record, 'utf8');
    writeFileSync(first.record, whole.split('\n')[0]!);
    const again = await judgeFile(file, { policy: policy(), model: 'mock', history: 4, inFlight: 2, outDir: dir });
    expect(again.asked).toBe(first.messages);
    expect(readFileSync(first.record, 'utf8')).toBe(whole);
  });

  it('keeps one record per conversation: two runs copied under one name into one folder do not share verdicts', async () => {
    const other = (await runCollect({ config: { world: 'camel-roleplay', seed: 5 }, out: tempDir() })).result.file!;
    const out = tempDir();
    const [a, b] = [join(tempDir(), 'run.jsonl'), join(tempDir(), 'run.jsonl')];
    copyFileSync(file, a);
    copyFileSync(other, b);
    const ja = await judgeFile(a, { policy: policy(), model: 'mock', history: 4, inFlight: 2, outDir: out });
    const jb = await judgeFile(b, { policy: policy(), model: 'mock', history: 4, inFlight: 2, outDir: out });
    expect(ja.record).not.toBe(jb.record);
    expect((await judgeFile(a, { policy: policy(), model: 'mock', history: 4, inFlight: 2, outDir: out })).asked).toBe(0);
  });

  it('keeps the failed calls (paid for) when a later pass seals the record', async () => {
    const flaky = await startMockServer({ port: 0, failFirst: 3, failWith: '500', respond: () => NONE });
    try {
      const dir = tempDir();
      const policyOnce = () => createOpenAIPolicy(openaiSpec(flaky.url, { maxAttempts: 1 }), { agent: JUDGE, seed: 0 }, { env, limits: new OpenAILimits(), structured: judgeOutput('prompt') });
      const first = await judgeFile(file, { policy: policyOnce(), model: 'mock', history: 4, inFlight: 1, outDir: dir });
      expect(first.failed).toHaveLength(3);
      const done = await judgeFile(file, { policy: policyOnce(), model: 'mock', history: 4, inFlight: 1, outDir: dir });
      expect(done).toMatchObject({ asked: 3, failed: [] });
      const lines = readFileSync(done.record, 'utf8').trim().split('\n');
      // Header, every message's verdict, the three failed calls, the seal.
      expect(lines).toHaveLength(1 + done.messages + 3 + 1);
      expect(lines.filter((l) => l.includes('"verdict":null'))).toHaveLength(3);
      const seqs = lines.slice(1, -1).map((l) => (JSON.parse(l) as { seq: number }).seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    } finally {
      await flaky.close();
    }
  });

  it('makes the --out folder it is given', async () => {
    const out = join(tempDir(), 'judge', 'records');
    const judged = await judgeFile(file, { policy: policy(), model: 'mock', history: 4, inFlight: 2, outDir: out });
    expect(existsSync(judged.record)).toBe(true);
  });

  it('stops at a server that refuses the key, instead of failing every message one call at a time', async () => {
    const locked = await startMockServer({ port: 0, apiKey: 'sk-troupe-the-right-key-000000', respond: () => NONE });
    try {
      const judged = await judgeFile(file, { policy: policy(locked.url), model: 'mock', history: 4, inFlight: 1, outDir: tempDir() });
      expect(locked.stats().requests).toBe(1);
      expect(judged.asked).toBe(1);
      expect(judged.failed).toHaveLength(judged.messages);
      expect(judged.failed[0]!.error).toMatch(/^http 401/);
      expect(judged.failed[1]!.error).toMatch(/^not asked: the judge's server answered 401/);
    } finally {
      await locked.close();
    }
  });

  it('keeps the API key out of the record when the server echoes it in a reply', async () => {
    const echo = await startMockServer({ port: 0, respond: () => JSON.stringify({ role_flip: false, flake: false, loop: false, drift: false, explanation: `your key is ${TEST_KEY}` }) });
    try {
      const judged = await judgeFile(file, { policy: policy(echo.url), model: 'mock', history: 4, inFlight: 2, outDir: tempDir() });
      const text = readFileSync(judged.record, 'utf8');
      expect(text).not.toContain(TEST_KEY);
      expect(text).toContain('your key is [redacted]');
    } finally {
      await echo.close();
    }
  });
});

describe('troupe judge checks every file before the first call', () => {
  it('an unknown --agent in the second file costs no call; labels and judge records among the files are skipped', async () => {
    const server = await startMockServer({ port: 0, respond: () => NONE });
    try {
      const dir = tempDir();
      const camel = (await runCollect({ config: { world: 'camel-roleplay', seed: 4 }, out: dir })).result.file!;
      const relay = (await runCollect({ config: { world: 'relay', seed: 2, maxTurns: 6 }, out: dir })).result.file!;
      const refused = await troupe('judge', camel, relay, '--agent', 'user', '--model', 'mock', '--base-url', server.url, '--output', 'prompt');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`--agent user: ${relay} has no such agent`);
      expect(server.stats().requests).toBe(0);
      const first = await troupe('judge', camel, '--model', 'mock', '--base-url', server.url, '--output', 'prompt', '--json');
      const record = (JSON.parse(first.stdout) as { files: { record: string }[] }).files[0]!.record;
      mkdirSync(join(dir, 'tr'));
      writeFileSync(join(dir, 'labels.json'), '{}');
      const again = await troupe('judge', camel, record, join(dir, 'labels.json'), '--model', 'mock', '--base-url', server.url, '--output', 'prompt');
      expect(again.code).toBe(0);
      expect(again.stderr).toContain('a judge record, not a conversation');
      expect(again.stderr).toContain('labels, not a transcript');
      const verify = await troupe('verify', camel, record);
      expect(verify.code).toBe(0);
      expect(verify.stdout).toMatch(/judge record, sealed, \d+ calls, verdicts on \d+ messages, hash chain intact/);
      // Renamed, it is still checked as a judge record (by its header), not called no run file.
      const renamed = join(dir, 'kept.jsonl');
      copyFileSync(record, renamed);
      expect((await troupe('verify', renamed)).stdout).toMatch(/kept\.jsonl: judge record, sealed, \d+ calls/);
      // An edited record fails verify, naming the line.
      const lines = readFileSync(record, 'utf8').split('\n');
      lines[1] = lines[1]!.replace('"none"', '"edited"');
      writeFileSync(record, lines.join('\n'));
      const damaged = await troupe('verify', record);
      expect(damaged.code).toBe(1);
      expect(damaged.stdout).toContain('DAMAGED judge record');
      expect(damaged.stdout).toContain('line 2 does not match its hash');
      // A record with text after its seal is damaged, not sealed.
      const other = (await runCollect({ config: { world: 'camel-roleplay', seed: 6 }, out: dir })).result.file!;
      const second = await troupe('judge', other, '--model', 'mock', '--base-url', server.url, '--output', 'prompt', '--json');
      const otherRecord = (JSON.parse(second.stdout) as { files: { record: string }[] }).files[0]!.record;
      writeFileSync(otherRecord, `${readFileSync(otherRecord, 'utf8')}garbage`);
      expect((await troupe('verify', otherRecord)).stdout).toContain('is a seal with more after it');
      // --out a file, --judge a folder: said plainly, no stack trace.
      const outFile = await troupe('judge', camel, '--model', 'mock', '--base-url', server.url, '--out', camel);
      expect(outFile.code).toBe(1);
      expect(outFile.stderr).toContain('is a file: give the folder for the judge records');
      const folder = await troupe('show', camel, '--judge', dir);
      expect(folder.code).toBe(1);
      expect(folder.stderr).toContain('a folder, not a judge record');
      // Nothing left to judge is an error, not a silent success.
      const nothing = await troupe('judge', record, '--model', 'mock', '--base-url', server.url);
      expect(nothing.code).toBe(1);
      expect(nothing.stderr).toContain('nothing to judge among the files given');
    } finally {
      await server.close();
    }
  });
});

describe('troupe judge interrupted', () => {
  it('on SIGINT keeps every verdict given, lets go of the record, says how to go on, and the next pass finishes', async () => {
    const server = await startMockServer({ port: 0, latencyMs: 150, respond: () => NONE });
    try {
      const dir = tempDir();
      const file = (await runCollect({ config: { world: 'relay', seed: 3, maxTurns: 30 }, out: dir })).result.file!;
      const args = [file, '--model', 'mock', '--base-url', server.url, '--output', 'prompt', '--concurrency', '1'];
      const pass = startTroupe('judge', ...args);
      const record = () => readdirSync(dir).find((n) => n.includes('.judge-') && n.endsWith('.jsonl'));
      // Wait for a few verdicts on disk, then interrupt.
      for (let i = 0; i < 400; i++) {
        const name = record();
        if (name && readFileSync(join(dir, name), 'utf8').trim().split('\n').length >= 4) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      pass.child.kill('SIGINT');
      expect(await pass.exited).toBe(130);
      expect(pass.stderr()).toContain("The judge's verdicts so far are kept");
      expect(readdirSync(dir).filter((n) => n.endsWith('.lock'))).toEqual([]);
      const kept = readFileSync(join(dir, record()!), 'utf8').trim().split('\n').length - 1;
      expect(kept).toBeGreaterThanOrEqual(3);
      const again = await troupe('judge', ...args, '--json');
      expect(again.code).toBe(0);
      const out = JSON.parse(again.stdout) as { files: { reused: number; asked: number; messages: number }[] };
      expect(out.files[0]!.reused).toBe(kept);
      expect(out.files[0]!.asked).toBe(out.files[0]!.messages - kept);
    } finally {
      await server.close();
    }
  });
});

