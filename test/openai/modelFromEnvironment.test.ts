import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adHocExperiment, planSweep } from '../../src/experiment/index.ts';
import { parseArms } from '../../src/mitigations/index.ts';
import { startMockServer, type MockServer } from '../../src/mock/index.ts';
import { resolveWorld } from '../../src/world/index.ts';
import { readRun } from '../../src/record/readRun.ts';
import { cliPath } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

/** `troupe …` with `env` added to the environment. */
async function troupeWith(env: Record<string, string>, ...args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    return error as { code: number; stdout: string; stderr: string };
  }
}

describe('a model chosen by the environment (TROUPE_MODEL, OPENAI_BASE_URL)', () => {
  let server: MockServer;
  beforeAll(async () => {
    server = await startMockServer({ port: 0 });
  });
  afterAll(() => server.close());

  it('is written into a new run’s config, so another model is another run', async () => {
    const out = tempDir();
    const run = (model: string) => troupeWith({ TROUPE_MODEL: model, OPENAI_BASE_URL: server.url }, 'run', 'camel-roleplay', '--policy', 'openai', '--max-turns', '2', '--out', out, '--json');
    const a = await run('model-a');
    expect(a.stderr).toBe('');
    const header = readRun((JSON.parse(a.stdout) as { file: string }).file).header;
    for (const agent of header.config.agents) expect(agent.policy).toMatchObject({ kind: 'openai', model: 'model-a', baseUrl: server.url });
    const b = await run('model-b');
    expect(b.stderr).toBe('');
    expect((JSON.parse(b.stdout) as { runId: string }).runId).not.toBe((JSON.parse(a.stdout) as { runId: string }).runId);
    // Replay needs neither variable: the recording names the model.
    const replay = await troupeWith({ TROUPE_MODEL: '', OPENAI_BASE_URL: '' }, 'replay', (JSON.parse(a.stdout) as { file: string }).file);
    expect([replay.code, replay.stdout]).toEqual([0, expect.stringMatching(/replays identically/)]);
  });

  it('is written into the configs a sweep plans from an agents file that leaves the model open', async () => {
    const { world } = await resolveWorld('relay');
    const file = join(tempDir(), 'agents.json');
    const params = { team: 4, jobs: 3, project: 'team chat', scheduler: 'moderator', testFailRate: 0.15 };
    writeFileSync(file, JSON.stringify(world.agents(params).map((a) => ({ ...a, policy: { kind: 'openai' } }))));
    const plan = async (model: string) => {
      process.env['TROUPE_MODEL'] = model;
      try {
        return await planSweep(adHocExperiment({ world: 'relay', arms: parseArms('none'), seeds: '1..2', params: { project: 'team chat' }, agents: file }), tempDir());
      } finally {
        delete process.env['TROUPE_MODEL'];
      }
    };
    const [a, b] = [await plan('model-a'), await plan('model-b')];
    expect(a.runs[0]!.config.agents.map((agent) => (agent.policy as { model: string }).model)).toEqual(['model-a', 'model-a', 'model-a', 'model-a']);
    expect(a.runs.map((r) => r.runId)).not.toEqual(b.runs.map((r) => r.runId));
  });

  it('checks a server from OPENAI_BASE_URL as such, naming the variable and never echoing it', async () => {
    for (const [url, problem] of [['localhost:8000/v1', 'must be http:// or https://'], ['http://u:secretpw@127.0.0.1:1/v1', 'must not carry credentials']] as const) {
      const r = await troupeWith({ TROUPE_MODEL: 'm', OPENAI_BASE_URL: url }, 'run', 'camel-roleplay', '--policy', 'openai', '--out', tempDir());
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(new RegExp(`^troupe: OPENAI_BASE_URL: the base URL ${problem}`));
      expect(r.stderr).not.toContain('secretpw');
    }
  });
});
