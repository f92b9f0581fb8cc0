import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment, planSweep } from '../../src/experiment/index.ts';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { resolveWorld } from '../../src/world/index.ts';
import { startTroupe, troupe } from '../helpers/cli.ts';
import { researcherDir, tempDir } from '../helpers/runs.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** relay's agents (project "team chat") on the openai policy, pointed at `url`. */
async function agentsFile(dir: string, url: string): Promise<string> {
  const { world } = await resolveWorld('relay');
  const file = join(dir, 'agents.json');
  const params = { team: 4, jobs: 3, project: 'team chat', scheduler: 'moderator', testFailRate: 0.15 };
  writeFileSync(file, JSON.stringify(world.agents(params).map((a) => ({ ...a, policy: { kind: 'openai', model: 'mock', baseUrl: url } }))));
  return file;
}

describe('a sweep of live-model runs', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, latencyMs: 150 });
  });
  afterAll(() => server.close());
  /** A run file's model.response lines. */
  const responses = (file: string) => readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('"type":"model.response"'));

  it('resumes the run it cut short, keeping the replies recorded before, instead of calling the model for them again', async () => {
    const dir = tempDir();
    const agents = await agentsFile(dir, server.url);
    const args = ['sweep', '--world', 'relay', '--param', 'project=team chat', '--agents', agents, '--seeds', '1', '--max-turns', '8', '--workers', '1', '--out', dir, '--no-progress'];
    const runFile = () => {
      const sweepDir = readdirSync(dir).find((f) => f.startsWith('sweep-'));
      const name = sweepDir ? readdirSync(join(dir, sweepDir)).find((f) => f.endsWith('.jsonl')) : undefined;
      return sweepDir && name ? join(dir, sweepDir, name) : null;
    };

    const { child, exited } = startTroupe(...args);
    while (!runFile() || !existsSync(runFile()!) || responses(runFile()!).length < 3) await sleep(50);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const file = runFile()!;
    expect(verifyRun(file).status).toBe('unsealed');
    const before = responses(file);
    const served = server.stats().requests;

    const again = await troupe(...args);
    expect([again.code, again.stderr]).toEqual([0, '']);
    expect(verifyRun(file).status).toBe('sealed');
    const after = responses(file);
    // The replies recorded before the interrupt are still there, byte for byte, and were not asked for again.
    expect(after.slice(0, before.length)).toEqual(before);
    expect(server.stats().requests - served).toBe(after.length - before.length);
    expect((await troupe('replay', file)).stdout).toMatch(/replays identically/);
  }, 60_000);

  it('runs several runs at once on the main thread within the model-call limits; a spent budget stops it, resumably', async () => {
    const own = await startMockServer({ port: 0, latencyMs: 100 });
    try {
      const dir = tempDir();
      const agents = await agentsFile(dir, own.url);
      const sweep = (out: string, ...flags: string[]) =>
        troupe('sweep', '--world', 'relay', '--param', 'project=team chat', '--agents', agents, '--max-turns', '4', '--out', join(dir, out), '--no-progress', ...flags);
      const many = await sweep('many', '--seeds', '1..6', '--concurrency', '3');
      expect([many.code, many.stderr]).toEqual([0, '']);
      // One relay run makes one call at a time (its moderator picks one speaker a turn): overlapping calls are
      // overlapping runs, and never more than the concurrency given.
      expect(own.stats().peakOpen).toBe(3);

      // Two seeds first, summarised. Then six, two runs at a time of four calls each: the budget runs out in the
      // first two new ones, which stop before the call it refused, unsealed; the other two never start. Nothing is
      // summarised (the summary there is said to be the earlier sweep's); a new budget finishes the sweep, the two
      // stopped runs where they stopped: their recorded replies are not asked for again.
      const spentArgs = ['--concurrency', '2'];
      expect((await sweep('spent', '--seeds', '1..2', ...spentArgs)).code).toBe(0);
      const spent = await sweep('spent', '--seeds', '1..6', ...spentArgs, '--max-requests', '5');
      expect(spent.code).toBe(1);
      expect(spent.stderr).toMatch(
        /^troupe: The model-call budget is spent \(request budget exhausted: 5 of 5 requests used\): of the sweep's 6 runs, 2 were stopped at a call it refused \(left unsealed, to resume\) and 2 were not started \(or resumed\)\. A sweep with runs missing has no summary: .* \(The summary\.json and results\.csv in \S+ are an earlier 2-run sweep's, not this one's\.\)\n$/,
      );
      const [spentDir] = readdirSync(join(dir, 'spent'));
      const runFiles = () => readdirSync(join(dir, 'spent', spentDir!)).filter((f) => f.endsWith('.jsonl')).map((f) => join(dir, 'spent', spentDir!, f));
      expect(runFiles()).toHaveLength(4);
      const stopped = runFiles().filter((f) => verifyRun(f).status === 'unsealed');
      expect(stopped).toHaveLength(2);
      const kept = stopped.map((f) => ({ f, replies: responses(f) }));
      // Every request the budget allowed got a reply, and each is recorded.
      expect(kept.reduce((n, k) => n + k.replies.length, 0)).toBe(5);

      const served = own.stats().requests;
      const before = runFiles().reduce((n, f) => n + responses(f).length, 0);
      const rest = await sweep('spent', '--seeds', '1..6', ...spentArgs);
      expect(rest.code).toBe(0);
      expect(rest.stderr).toMatch(/^troupe: note: \S+summary\.json and results\.csv described a 2-run sweep; they now describe this 6-run one/);
      expect(runFiles().map((f) => verifyRun(f).status)).toEqual(Array(6).fill('sealed'));
      for (const { f, replies } of kept) expect(responses(f).slice(0, replies.length)).toEqual(replies);
      expect(own.stats().requests - served).toBe(runFiles().reduce((n, f) => n + responses(f).length, 0) - before);
      expect(JSON.parse(readFileSync(join(dir, 'spent', spentDir!, 'summary.json'), 'utf8')).runs.planned).toBe(6);
      expect((await troupe('replay', kept[0]!.f)).stdout).toMatch(/replays identically/);
    } finally {
      await own.close();
    }
  }, 60_000);

  it('runs a mixed experiment: live runs on the main thread, synthetic ones on the workers; a spent budget holds back only the live ones', async () => {
    const dir = tempDir();
    await agentsFile(dir, server.url);
    const experiment = {
      name: 'mixed',
      worlds: [{ world: 'relay', instances: [{ team: 4, jobs: 3, project: 'team chat', scheduler: 'moderator', testFailRate: 0.15 }], maxTurns: 4 }],
      agents: [{ name: 'synthetic' }, { name: 'live', file: 'agents.json' }],
      arms: ['none'],
      seeds: '1..4',
    };
    writeFileSync(join(dir, 'mixed.json'), JSON.stringify(experiment));
    const sweep = (...flags: string[]) => troupe('sweep', join(dir, 'mixed.json'), '--out', join(dir, 'out'), '--workers', '2', ...flags);
    const spent = await sweep('--concurrency', '1', '--max-requests', '2');
    expect(spent.code).toBe(1);
    expect(spent.stderr).toMatch(/^sweep: 8 runs planned, 0 already recorded \(skipped\), 8 to run on 2 workers \(the live model's runs on this thread\)\n/);
    expect(spent.stderr).toMatch(/troupe: The model-call budget is spent \(request budget exhausted: 2 of 2 requests used\): of the sweep's 8 runs, 1 was stopped at a call it refused \(left unsealed, to resume\) and 3 were not started \(or resumed\)\./);
    const files = readdirSync(join(dir, 'out', 'mixed')).filter((f) => f.endsWith('.jsonl')).map((f) => join(dir, 'out', 'mixed', f));
    const sealed = files.filter((f) => verifyRun(f).status === 'sealed');
    // The four synthetic runs need no budget: all ran; the first live run stopped at its third call.
    expect(sealed.map((f) => readFileSync(f, 'utf8').includes('"kind":"openai"'))).toEqual([false, false, false, false]);
    expect(files).toHaveLength(5);
    const rest = await sweep('--concurrency', '2', '--no-progress');
    expect([rest.code, rest.stderr]).toEqual([0, '']);
    expect(JSON.parse(readFileSync(join(dir, 'out', 'mixed', 'summary.json'), 'utf8')).runs.planned).toBe(8);
  }, 60_000);

  it('stops its live runs at their next call when another run fails, and reports that failure', async () => {
    const slow = await startMockServer({ port: 0, latencyMs: 300 });
    try {
      const dir = tempDir();
      await agentsFile(dir, slow.url);
      const experiment = {
        name: 'failing',
        worlds: [{ world: 'relay', instances: [{ team: 4, jobs: 3, project: 'team chat', scheduler: 'moderator', testFailRate: 0.15 }], maxTurns: 40 }],
        agents: [{ name: 'live', file: 'agents.json' }, { name: 'synthetic' }],
        arms: ['none'],
        seeds: '1..2',
      };
      writeFileSync(join(dir, 'failing.json'), JSON.stringify(experiment));
      // A synthetic run cannot write its file (a folder stands in its way): it fails while the live runs are going.
      const plan = await planSweep(await loadExperiment(join(dir, 'failing.json')), join(dir, 'out'));
      const blocked = plan.runs.find((r) => !r.config.agents.some((a) => a.policy.kind === 'openai'))!;
      mkdirSync(blocked.file, { recursive: true });
      const result = await troupe('sweep', join(dir, 'failing.json'), '--out', join(dir, 'out'), '--workers', '1', '--no-progress');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/EISDIR/);
      const files = readdirSync(plan.dir);
      expect(files.filter((f) => f.endsWith('.lock'))).toEqual([]);
      const live = plan.runs.filter((r) => r.config.agents.some((a) => a.policy.kind === 'openai')).map((r) => r.file);
      // Forty turns at 300 ms a call would take 12 s: they were stopped long before, unsealed, to resume.
      expect(live.map((f) => verifyRun(f).status)).toEqual(['unsealed', 'unsealed']);
      for (const f of live) expect(responses(f).length).toBeLessThan(20);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it('refuses, before anything runs, to resume an unfinished run whose mitigation module changed since', async () => {
    const dir = researcherDir();
    const note = (text: string) =>
      `import { z } from 'zod';\nimport { defineMitigation } from '${join(import.meta.dirname, '..', '..', 'src', 'index.ts')}';\n` +
      `export default defineMitigation({ kind: 'nudge', summary: 's', notesOnly: true, schema: z.object({}), create: (_p, api) => (e) => { if (e.type === 'turn.start') api.note(null, '${text}', 't'); } });\n`;
    writeFileSync(join(dir, 'nudge.ts'), note('Keep going.'));
    const agents = await agentsFile(dir, server.url);
    const args = ['sweep', '--world', 'relay', '--param', 'project=team chat', '--agents', agents, '--arms', `${join(dir, 'nudge.ts')}`, '--seeds', '1', '--max-turns', '8', '--out', join(dir, 'out'), '--no-progress'];
    const runFile = () => {
      const [sweepDir] = existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : [];
      const name = sweepDir ? readdirSync(join(dir, 'out', sweepDir)).find((f) => f.endsWith('.jsonl')) : undefined;
      return sweepDir && name ? join(dir, 'out', sweepDir, name) : null;
    };
    const { child, exited } = startTroupe(...args);
    while (!runFile() || readFileSync(runFile()!, 'utf8').split('"type":"model.response"').length < 3) await sleep(50);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    writeFileSync(join(dir, 'nudge.ts'), note('Keep going!'));
    const again = await troupe(...args);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^troupe: 1 of the runs already recorded in .* were made with other code of their world, mitigation or monitor modules: \S+nudge\.ts \(source hash/);
    expect(verifyRun(runFile()!).status).toBe('unsealed');
  }, 60_000);
});
