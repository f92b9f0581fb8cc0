import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentSpec } from '../../src/core/specs.ts';
import { adHocExperiment, planSweep, sweepExperiment } from '../../src/experiment/index.ts';
import { parseArms } from '../../src/mitigations/index.ts';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { FAILURES_IN_A_ROW } from '../../src/monitors/judge/index.ts';
import { judgeOutput } from '../../src/monitors/judge/judgeOutput.ts';
import { RunFileEvents } from '../../src/monitors/offline/RunFileEvents.ts';
import { createOpenAIPolicy, OpenAILimits } from '../../src/policies/openai/index.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';
import { env, openaiSpec } from '../openai/fixtures.ts';

const JUDGE = { id: 'judge' } as AgentSpec;
/** A judge that calls every message a role flip and nothing else. */
const FLIPS = JSON.stringify({ role_flip: true, flake: false, loop: false, drift: false, explanation: 'flip' });

describe('a sweep with an LLM judge', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0, respond: () => FLIPS });
  });
  afterAll(() => server.close());
  const judge = (url: string, maxAttempts = 4) => ({
    policy: createOpenAIPolicy(openaiSpec(url, { temperature: 0, maxAttempts }), { agent: JUDGE, seed: 0 }, { env, limits: new OpenAILimits(), structured: judgeOutput('prompt'), retry: { initialBackoffMs: 1, maxBackoffMs: 2 } }),
    model: 'mock',
    history: 4,
    inFlight: 3,
  });
  const experiment = adHocExperiment({ world: 'camel-roleplay', arms: parseArms('none,goal-reinject:k=4'), seeds: '1..4' });

  it('reports the judge\'s flags per arm, read from the runs, and judges nothing twice', async () => {
    const out = tempDir();
    const before = server.stats().requests;
    const { summary, outcome } = await sweepExperiment(experiment, { out, workers: 0, judge: judge(server.url) });
    // Every agent message of every (distinct) run asked once.
    const files = [...new Set(outcome.records.map((r) => r.file))];
    const agentMessages = (file: string) => {
      const run = RunFileEvents.open(file, new Set(['message']));
      try {
        return [...run].filter((e) => e.type === 'message' && e.from !== 'world').length;
      } finally {
        run.close();
      }
    };
    expect(server.stats().requests - before).toBe(files.reduce((n, f) => n + agentMessages(f), 0));
    for (const r of outcome.records) expect(r.flags['judge.role-flip']).toBe(agentMessages(r.file));
    expect(summary.judge).toMatchObject({ settings: { model: 'mock', temperature: 0, structured: 'prompt:verdict' }, history: 4 });
    // The arm's level is the mean over its instances of the per-run rate, as for any monitor.
    const group = summary.groups[0]!;
    const none = group.arms.find((a) => a.arm === 'none')!;
    const rates = outcome.records.filter((r) => r.arm === 'none').map((r) => (100 * agentMessages(r.file)) / r.turns);
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    expect(none.levels['flags/100t judge.role-flip']!.value).toBeCloseTo(mean, 9);
    expect(none.levels['flags/100t judge.drift']!.value).toBe(0);
    expect(readFileSync(join(summary.dir!, 'results.csv'), 'utf8').split('\n')[0]).toContain('flags_judge.role-flip');
    const again = server.stats().requests;
    await sweepExperiment(experiment, { out, workers: 0, judge: judge(server.url) });
    expect(server.stats().requests).toBe(again);
  });

  it('writes no summary while the judge has left messages without a verdict, and finishes when run again', async () => {
    const out = tempDir();
    const down = await startMockServer({ port: 0, failWith: '500' });
    try {
      await expect(sweepExperiment(experiment, { out, workers: 0, judge: judge(down.url, 1) })).rejects.toThrow(
        new RegExp(`The judge left \\d+ messages of \\d runs without a verdict .* and did not judge \\d runs \\(${FAILURES_IN_A_ROW} judge calls in a row failed after all their retries .*no summary was written`),
      );
      // A server that is down costs a few calls, not every message's: the breaker stops all the runs' judging.
      expect(down.stats().requests).toBeLessThan(FAILURES_IN_A_ROW + 3);
    } finally {
      await down.close();
    }
    const { dir } = await planSweep(experiment, out);
    expect(existsSync(join(dir, 'summary.json'))).toBe(false);
    await sweepExperiment(experiment, { out, workers: 0, judge: judge(server.url) });
    expect(existsSync(join(dir, 'summary.json'))).toBe(true);
  });

  it('takes its judge from an experiment file, and refuses judge flags without a judge or a judge without flag metrics', async () => {
    const dir = tempDir();
    const file = join(dir, 'exp.json');
    const spec = { name: 'judged', worlds: [{ world: 'camel-roleplay' }], arms: ['none', 'goal-reinject:k=4'], seeds: '1..2' };
    writeFileSync(file, JSON.stringify({ ...spec, judge: { model: 'mock', baseUrl: server.url, history: 3, output: 'prompt' } }));
    const r = await troupe('sweep', file, '--out', dir, '--json', '--no-progress');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout) as { judge: { history: number; settings: { model: string } }; groups: { arms: { levels: Record<string, unknown> }[] }[] };
    expect(summary.judge).toMatchObject({ history: 3, settings: { model: 'mock' } });
    expect(Object.keys(summary.groups[0]!.arms[0]!.levels)).toContain('flags/100t judge.role-flip');
    const badUrl = await troupe('sweep', '--world', 'relay', '--seeds', '1..2', '--judge-model', 'mock', '--judge-base-url', 'notaurl', '--out', dir);
    expect(badUrl.code).toBe(1);
    expect(badUrl.stderr).toMatch(/--judge-base-url: /);
    const orphan = await troupe('sweep', '--world', 'relay', '--seeds', '1..2', '--judge-history', '3', '--out', dir);
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toContain('--judge-history goes with --judge-model');
    writeFileSync(file, JSON.stringify({ ...spec, metrics: ['success'], judge: { model: 'mock', baseUrl: server.url } }));
    const noFlags = await troupe('sweep', file, '--out', dir);
    expect(noFlags.code).toBe(1);
    expect(noFlags.stderr).toContain('add "flags" to its metrics');
  });
});

