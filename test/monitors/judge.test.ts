import { readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { listRuns } from '../../src/record/listRuns.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvent } from '../../src/core/events.ts';
import { startMockServer, type MockServer, type MockChatRequest } from '../../src/mock/index.ts';
import { judgeAgreement, judgeFile, scoreJudged, type JudgedFile } from '../../src/monitors/judge/index.ts';
import { judgeOutput } from '../../src/monitors/judge/judgeOutput.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import type { AgentSpec } from '../../src/core/specs.ts';
import { env, openaiSpec } from '../openai/fixtures.ts';
import { troupe } from '../helpers/cli.ts';
import { runCollect, tempDir } from '../helpers/runs.ts';

/**
 * A judge by rule, behind a real HTTP server: it reads the message the judge
 * prompt marks and its speaker, so each verdict can be predicted from the run
 * itself — what is under test is everything around the model: the prompt
 * carries the right message and speaker, verdicts become flags in message
 * order, and the record is reused and resumed.
 */
function ruleJudge(request: MockChatRequest): string {
  const user = request.messages.find((m) => m.role === 'user')!.content;
  const at = user.indexOf('MESSAGE TO JUDGE [');
  const [head, ...rest] = user.slice(at).split('\n');
  const content = rest.join('\n');
  return JSON.stringify(ruleVerdict(/\] ([^\s:]+)/.exec(head!)![1]!, content));
}

function ruleVerdict(from: string, content: string) {
  return {
    role_flip: from === 'assistant' && content.startsWith('Instruction:'),
    flake: /\bI will\b/.test(content),
    loop: false,
    drift: false,
    explanation: `rule verdict for ${from}`,
  };
}

/** The flags the rule judge must give a run: one per rule a message of an agent meets, in message order. */
function expectedFlags(events: readonly RunEvent[]): { monitor: string; agent: string; seq: number }[] {
  const agents = new Set(events.flatMap((e) => (e.type === 'agent.spawn' ? [e.agent] : [])));
  return events.flatMap((e) => {
    if (e.type !== 'message' || !agents.has(e.from)) return [];
    const v = ruleVerdict(e.from, e.content);
    return [
      ...(v.role_flip ? [{ monitor: 'judge.role-flip', agent: e.from, seq: e.seq }] : []),
      ...(v.flake ? [{ monitor: 'judge.flake', agent: e.from, seq: e.seq }] : []),
    ];
  });
}

const JUDGE = { id: 'judge' } as AgentSpec;

describe('troupe judge (an LLM judge over recorded runs)', () => {
  let server: MockServer;
  let run: { file: string; events: RunEvent[] };
  beforeAll(async () => {
    server = await startMockServer({ port: 0, respond: ruleJudge });
    // A camel run with both rules met somewhere: an assistant's promise and, with flips made likely, an instruction.
    const { result, events } = await runCollect({
      config: { world: 'camel-roleplay', seed: 4, monitors: { enabled: null, params: {} } },
      out: tempDir(),
    });
    run = { file: result.file!, events };
  });
  afterAll(() => server.close());

  const judge = (file: string, options: { inFlight?: number; limits?: OpenAILimits; offline?: boolean; outDir?: string; url?: string } = {}) =>
    judgeFile(file, {
      policy: createOpenAIPolicy(openaiSpec(options.url ?? server.url, { temperature: 0 }), { agent: JUDGE, seed: 0 }, { env, limits: options.limits ?? new OpenAILimits(), structured: judgeOutput('prompt') }),
      model: 'mock',
      history: 6,
      inFlight: options.inFlight ?? 4,
      offline: options.offline ?? false,
      outDir: options.outDir ?? null,
    });
  const brief = (j: JudgedFile) => j.flags.map((f) => ({ monitor: f.monitor, agent: f.agent, seq: f.span.start }));

  it('asks once per agent message and flags exactly what the verdicts say, in message order', async () => {
    const expected = expectedFlags(run.events);
    expect(expected.length).toBeGreaterThan(0);
    const before = server.stats().requests;
    const judged = await judge(run.file, { outDir: tempDir() });
    const agentMessages = run.events.filter((e) => e.type === 'message' && e.from !== 'world').length;
    expect(judged.messages).toBe(agentMessages);
    expect(server.stats().requests - before).toBe(agentMessages);
    expect(judged).toMatchObject({ asked: agentMessages, reused: 0, failed: [] });
    expect(brief(judged)).toEqual(expected);
    expect(judged.flags[0]!.explanation).toMatch(/^LLM judge \(mock\): rule verdict for /);
    expect(judged.flags[0]!.evidence[0]!.seq).toBe(judged.flags[0]!.span.start);
  });

  it('judging again reads every verdict from the record: no call, the same flags, the record untouched', async () => {
    const dir = tempDir();
    const first = await judge(run.file, { outDir: dir });
    const bytes = readFileSync(first.record, 'utf8');
    const before = server.stats().requests;
    const again = await judge(run.file, { outDir: dir });
    expect(server.stats().requests).toBe(before);
    expect(again).toMatchObject({ reused: first.messages, asked: 0 });
    expect(again.flags).toEqual(first.flags);
    expect(readFileSync(first.record, 'utf8')).toBe(bytes);
    // And with no server at all.
    await server.close();
    try {
      expect((await judge(run.file, { outDir: dir, offline: true })).flags).toEqual(first.flags);
    } finally {
      server = await startMockServer({ port: 0, respond: ruleJudge });
    }
  });

  it('keeps its record beside the run without making it a run to list', async () => {
    const dir = tempDir();
    const { result } = await runCollect({ config: { world: 'camel-roleplay', seed: 4 }, out: dir });
    const judged = await judge(result.file!);
    expect(dirname(judged.record)).toBe(dir);
    expect(listRuns(dir)).toMatchObject({ runs: [{ file: result.file }], skipped: [], subdirs: [] });
    expect(listRuns(dirname(dir)).subdirs.find((d) => d.dir === dir)).toMatchObject({ runs: 1 });
  });

  it('troupe show --judge puts each verdict under the message it judged, and refuses another run\'s record', async () => {
    const judged = await judge(run.file, { outDir: tempDir() });
    const r = await troupe('show', run.file, '--judge', judged.record);
    expect(r.code).toBe(0);
    const flake = judged.flags.find((f) => f.monitor === 'judge.flake')!;
    const message = run.events.find((e) => e.seq === flake.span.start) as Extract<RunEvent, { type: 'message' }>;
    // The message's block (its heading line, then its text), then the verdict.
    const at = r.stdout.indexOf(`#${message.seq} `);
    const after = r.stdout.slice(at).split('\n').find((l) => l.includes('judge · mock:'));
    expect(after).toBe(`      judge · mock: flake — rule verdict for ${message.from}`);
    expect(r.stdout.match(/judge · mock:/g)).toHaveLength(judged.messages);
    // A message changed since it was judged (the run recorded again under its id): its verdict is not passed off as this one's.
    const edited = join(tempDir(), basename(run.file));
    writeFileSync(edited, readFileSync(run.file, 'utf8').replaceAll(JSON.stringify(message.content), JSON.stringify(`${message.content} (changed)`)));
    const stale = await troupe('show', edited, '--judge', judged.record);
    expect(stale.stdout.slice(stale.stdout.indexOf(`#${message.seq} `)).split('\n').find((l) => l.includes('judge · mock:'))).toContain('a verdict on another version of this message');
    expect(stale.stdout.match(/another version of this message/g)!.length).toBeGreaterThanOrEqual(1);
    const other = (await runCollect({ config: { world: 'camel-roleplay', seed: 5 }, out: tempDir() })).result.file!;
    const refused = await troupe('show', other, '--judge', judged.record);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('holds the verdicts on');
  });

  it('writes the same record whatever the concurrency (replies are taken in message order)', async () => {
    const one = await judge(run.file, { outDir: tempDir(), inFlight: 1 });
    const six = await judge(run.file, { outDir: tempDir(), inFlight: 6 });
    expect(readFileSync(six.record, 'utf8')).toBe(readFileSync(one.record, 'utf8'));
    const lines = readFileSync(one.record, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'troupe.judge/1', history: 6, settings: { model: 'mock', temperature: 0, structured: 'prompt:verdict' } });
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ seal: true, entries: one.messages });
  });

  it('a pass cut short (torn line) goes on where it stopped and ends with the record an uncut pass writes', async () => {
    const whole = await judge(run.file, { outDir: tempDir() });
    const dir = tempDir();
    const cut = await judge(run.file, { outDir: dir });
    const lines = readFileSync(cut.record, 'utf8').split('\n');
    // Header and three entries kept, then half of the fourth: a process killed mid-write.
    writeFileSync(cut.record, `${lines.slice(0, 4).join('\n')}\n${lines[4]!.slice(0, 40)}`);
    const before = server.stats().requests;
    const resumed = await judge(run.file, { outDir: dir });
    expect(resumed).toMatchObject({ reused: 3, asked: whole.messages - 3 });
    expect(server.stats().requests - before).toBe(whole.messages - 3);
    expect(readFileSync(cut.record, 'utf8')).toBe(readFileSync(whole.record, 'utf8'));
    expect(resumed.flags).toEqual(whole.flags);
  });

  it('stops at a spent request budget, says what is left, leaves the record unsealed, and finishes next time', async () => {
    const dir = tempDir();
    const spent = await judge(run.file, { outDir: dir, limits: new OpenAILimits({ maxRequests: 4 }), inFlight: 2 });
    // Calls the budget refused never reached the server: not counted, not recorded.
    expect(spent.asked).toBe(4);
    expect(readFileSync(spent.record, 'utf8').trim().split('\n')).toHaveLength(1 + 4);
    expect(spent.failed.length).toBe(spent.messages - 4);
    expect(spent.failed.at(-1)!.error).toMatch(/budget/);
    expect(readFileSync(spent.record, 'utf8')).not.toContain('"seal":true');
    await expect(judge(run.file, { outDir: dir, offline: true })).rejects.toThrow(new RegExp(`no verdict recorded for ${spent.messages - 4} of ${spent.messages} messages`));
    const done = await judge(run.file, { outDir: dir });
    expect(done).toMatchObject({ reused: 4, asked: spent.messages - 4, failed: [] });
    expect(brief(done)).toEqual(expectedFlags(run.events));
    expect(readFileSync(done.record, 'utf8').trim().split('\n').at(-1)).toContain('"seal":true');
  });

  it('is scored against the ground truth next to the online monitors: a judge that flags nothing finds nothing', async () => {
    const silent = await startMockServer({ port: 0, respond: () => JSON.stringify({ role_flip: false, flake: false, loop: false, drift: false, explanation: 'none' }) });
    const flagAll = await startMockServer({ port: 0, respond: () => JSON.stringify({ role_flip: true, flake: true, loop: true, drift: true, explanation: 'all' }) });
    try {
      const none = scoreJudged([await judge(run.file, { outDir: tempDir(), url: silent.url })])!;
      const all = scoreJudged([await judge(run.file, { outDir: tempDir(), url: flagAll.url })])!;
      const truth = run.events.filter((e) => e.type === 'truth');
      expect(truth.length).toBeGreaterThan(0);
      expect(none.runs).toBe(1);
      for (const kind of ['role-flip', 'flake', 'loop', 'drift'] as const) {
        const monitor = `judge.${kind}`;
        const episodes = none.episodes[kind] ?? 0;
        expect(none.scores[monitor]).toMatchObject({ precision: null, recall: episodes ? 0 : null });
        // Flagging every message finds every episode (its failing reply is a message), at no latency.
        if (episodes) expect(all.scores[monitor]).toMatchObject({ recall: 1, latencyTurns: 0 });
      }
      // The monitors that watched the run online are scored on the same truth.
      expect(Object.keys(none.scores)).toEqual(expect.arrayContaining(['role-flip', 'flake-reply', 'infinite-loop', 'drift']));
    } finally {
      await silent.close();
      await flagAll.close();
    }
  });
});

describe('judge against the online monitors (no ground truth needed)', () => {
  it('agrees fully with a judge that marks exactly what the monitors flagged, and by chance only with one that marks everything', async () => {
    // A relay run with monitor flags of several kinds.
    let picked: { file: string; events: RunEvent[] } | null = null;
    for (let seed = 1; seed < 30 && !picked; seed++) {
      const { result, events } = await runCollect({ config: { world: 'relay', seed, maxTurns: 40 }, out: tempDir() });
      const kinds = new Set(events.flatMap((e) => (e.type === 'flag' && e.severity !== 'info' ? [e.monitor] : [])));
      if (kinds.size >= 2) picked = { file: result.file!, events };
    }
    const { file, events } = picked!;
    const online = events.filter((e): e is Extract<RunEvent, { type: 'flag' }> => e.type === 'flag' && e.severity !== 'info' && e.monitor !== 'camel-rules');
    const FIELD: Record<string, string> = { 'role-flip': 'role_flip', 'flake-reply': 'flake', 'infinite-loop': 'loop', drift: 'drift' };
    const mirror = (request: MockChatRequest) => {
      const seq = Number(/MESSAGE TO JUDGE \[(\d+)\]/.exec(request.messages.find((m) => m.role === 'user')!.content)![1]);
      const verdict: Record<string, unknown> = { role_flip: false, flake: false, loop: false, drift: false, explanation: 'as the monitors' };
      for (const f of online) if (f.span.end === seq) verdict[FIELD[f.monitor]!] = true;
      return JSON.stringify(verdict);
    };
    const servers = [await startMockServer({ port: 0, respond: mirror }), await startMockServer({ port: 0, respond: () => JSON.stringify({ role_flip: true, flake: true, loop: true, drift: true, explanation: 'all' }) })];
    try {
      const [same, all] = await Promise.all(
        servers.map((server) =>
          judgeFile(file, {
            policy: createOpenAIPolicy(openaiSpec(server.url), { agent: JUDGE, seed: 0 }, { env, limits: new OpenAILimits(), structured: judgeOutput('prompt') }),
            model: 'mock',
            history: 4,
            inFlight: 4,
            outDir: tempDir(),
          }),
        ),
      );
      const agree = judgeAgreement([same!])!;
      const flagged = (kind: string) => new Set(online.filter((f) => FIELD[f.monitor] === kind).map((f) => f.span.end)).size;
      for (const [kind, field] of [['role-flip', 'role_flip'], ['flake', 'flake'], ['loop', 'loop'], ['drift', 'drift']] as const) {
        expect(agree[kind]).toMatchObject({ both: flagged(field), judgeOnly: 0, monitorsOnly: 0, neither: same!.verdicts.length - flagged(field) });
        if (flagged(field) > 0) expect(agree[kind].kappa).toBe(1);
        const everything = judgeAgreement([all!])![kind];
        expect(everything).toMatchObject({ both: flagged(field), monitorsOnly: 0, neither: 0, judgeOnly: all!.verdicts.length - flagged(field) });
        expect(everything.kappa === null || everything.kappa === 0).toBe(true);
      }
    } finally {
      for (const s of servers) await s.close();
    }
  });
});

describe('troupe judge on the command line', () => {
  it('needs a model, and says how to name one', async () => {
    const { file } = (await runCollect({ config: { world: 'camel-roleplay', seed: 4 }, out: tempDir() })).result;
    const r = await troupe('judge', file!, '--base-url', 'http://127.0.0.1:9/v1');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('name the judge model with --model NAME (or set TROUPE_MODEL)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // A key variable named but not set is said with this command's flag; an offline pass needs no key at all.
    const unset = ['--model', 'm', '--base-url', 'http://127.0.0.1:9/v1', '--api-key-env', 'TROUPE_TEST_NEVER_SET_KEY'];
    const noKey = await troupe('judge', file!, ...unset);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toContain('the variable TROUPE_TEST_NEVER_SET_KEY is not set; export it, or name the one that holds the key with --api-key-env');
    const offline = await troupe('judge', file!, ...unset, '--offline');
    expect(offline.code).toBe(1);
    expect(offline.stderr).toMatch(/no verdict recorded for \d+ of \d+ messages/);
  });

  it('says why it stopped calling before the messages left without a verdict (the list is cut after five)', async () => {
    const { file } = (await runCollect({ config: { world: 'camel-roleplay', seed: 4 }, out: tempDir() })).result;
    const down = await startMockServer({ port: 0, failWith: '500' });
    try {
      const r = await troupe('judge', file!, '--model', 'm', '--base-url', down.url, '--max-requests', '2');
      expect(r.code).toBe(1);
      const lines = r.stderr.split('\n');
      expect(lines[1]).toBe('troupe: the judge stopped calling: the model-call budget is spent (request budget exhausted: 2 of 2 requests used).');
      expect(lines[2]).toMatch(/^troupe: no verdict for seq \d+: /);
      expect(r.stderr).toMatch(/… and \d+ more; judge again once that is mended\.\n$/);
    } finally {
      await down.close();
    }
  });

  it('--score on an unsealed run of synthetic agents says it is unsealed, not that it is not one', async () => {
    const { file } = (await runCollect({ config: { world: 'camel-roleplay', seed: 4 }, out: tempDir() })).result;
    const cut = `${file!.slice(0, -'.jsonl'.length)}-cut.jsonl`;
    writeFileSync(cut, readFileSync(file!, 'utf8').split('\n').slice(0, 60).join('\n') + '\n');
    const server = await startMockServer({ port: 0 });
    try {
      const r = await troupe('judge', cut, '--model', 'm', '--base-url', server.url, '--score');
      expect(r.stderr).toContain('troupe: --score: the run of synthetic agents among these is unsealed (how many turns it took is not known); nothing scored.');
    } finally {
      await server.close();
    }
  });

  it('gets verdicts from serve-mock\'s default responder in either output mode (prompt mode: the schema read from the prompt)', async () => {
    const { file } = (await runCollect({ config: { world: 'relay', seed: 2, maxTurns: 6 }, out: tempDir() })).result;
    const server = await startMockServer({ port: 0 });
    try {
      for (const output of ['json_schema', 'prompt']) {
        const r = await troupe('judge', file!, '--model', 'm', '--base-url', server.url, '--output', output, '--out', tempDir(), '--json');
        expect(r.code, r.stderr).toBe(0);
        const [one] = (JSON.parse(r.stdout) as { files: { messages: number; asked: number; failed: unknown[] }[] }).files;
        expect(one).toMatchObject({ failed: [] });
        expect(one!.asked).toBe(one!.messages);
      }
    } finally {
      await server.close();
    }
  });

  it('judges a transcript in message indices and prints the flags with the counts', async () => {
    const server = await startMockServer({ port: 0, respond: ruleJudge });
    try {
      const dir = tempDir();
      const transcript = `${dir}/chat.json`;
      writeFileSync(
        transcript,
        JSON.stringify({
          format: 'troupe.transcript/1',
          id: 'chat',
          agents: [
            { id: 'user', role: 'gives the instructions' },
            { id: 'assistant', role: 'carries out the instructions' },
          ],
          messages: [
            { from: 'user', content: 'Instruction: list the steps.' },
            { from: 'assistant', content: 'I will do that soon.' },
            { from: 'assistant', content: 'Instruction: now you list them.' },
          ],
        }),
      );
      const r = await troupe('judge', transcript, '--model', 'mock', '--base-url', server.url, '--output', 'prompt', '--json');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout) as { files: { record: string; flags: { monitor: string; span: { start: number } }[] }[] };
      expect(out.files[0]!.flags.map((f) => [f.monitor, f.span.start])).toEqual([
        ['judge.flake', 1],
        ['judge.role-flip', 2],
      ]);
      expect(out.files[0]!.record).toMatch(/chat\.judge-[0-9a-f]{8}\.jsonl$/);
      // Again, with the record among the files (as `troupe judge dir/*` gives it), scored against trace-level labels.
      writeFileSync(`${dir}/labels.json`, JSON.stringify({ chat: ['flake-reply'] }));
      const text = await troupe('judge', transcript, out.files[0]!.record, '--model', 'mock', '--base-url', server.url, '--output', 'prompt', '--labels', `${dir}/labels.json`);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('2 flags: judge.flake assistant ×1, judge.role-flip assistant ×1');
      expect(text.stderr).toContain('3 verdicts read from');
      expect(text.stderr).toContain('a judge record, not a conversation');
      expect(text.stdout).toContain('1 labelled transcripts, 3 messages (trace-level scoring)');
      // The judge's flake flag is a true positive; its role-flip flag is not labelled: precision 0. The built-in monitors follow.
      expect(text.stdout).toMatch(/judge\.flake\s+1\.000\s+1\.000\s+1\.000/);
      expect(text.stdout).toMatch(/judge\.role-flip\s+0\.000\s+—/);
      expect(text.stdout).toMatch(/\nflake-reply\s/);
    } finally {
      await server.close();
    }
  });
});
