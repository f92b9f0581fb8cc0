import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { camelAgents } from '../../agents/camelAgents.ts';
import { camelTasks } from '../../agents/camelTasks.ts';
import type { ModelError } from '../../src/core/events.ts';
import { startMockServer } from '../../src/mock/index.ts';
import type { Policy, PolicyAttempt, PolicySettings } from '../../src/policies/Policy.ts';
import '../../src/policies/openai/index.ts';
import { readRun, replayRun } from '../../src/record/index.ts';
import { runWorld } from '../../src/runner/index.ts';
import { KEY_ENV, TEST_KEY } from './fixtures.ts';

/**
 * Serve a run's recorded attempts by (agent, call), with the recorded settings —
 * what the replay engine does — a check on the openai policy alone that needs
 * nothing but the run file and runWorld.
 */
function recordedPolicies(file: string): (spec: { kind: string }, ctx: { agent: { id: string } }) => Policy {
  const run = readRun(file);
  const attempts = new Map<string, PolicyAttempt[]>();
  const settings = new Map<string, PolicySettings>();
  for (const e of run.events) {
    if (e.type === 'model.request') settings.set(e.agent, e.settings);
    if (e.type === 'model.response') {
      const key = `${e.agent}:${e.call}`;
      attempts.set(key, [...(attempts.get(key) ?? []), { reply: e.reply, error: e.error, backoffMs: e.backoffMs }]);
    }
  }
  const miss = (key: string): ModelError => ({ kind: 'miss', status: null, message: `no recorded reply for ${key}`, retryAfterMs: null });
  return (spec, ctx) => ({
    kind: spec.kind,
    settings: settings.get(ctx.agent.id) ?? {},
    decide: ({ agent, call }) => ({ attempts: attempts.get(`${agent}:${call}`) ?? [{ reply: null, error: miss(`${agent}:${call}`), backoffMs: null }] }),
  });
}

describe('a run recorded against the loopback server', () => {
  let live: string;
  let offline: string;
  beforeAll(() => {
    process.env[KEY_ENV] = TEST_KEY;
    live = mkdtempSync(join(tmpdir(), 'troupe-live-'));
    offline = mkdtempSync(join(tmpdir(), 'troupe-offline-'));
  });
  afterAll(() => {
    delete process.env[KEY_ENV];
    rmSync(live, { recursive: true, force: true });
    rmSync(offline, { recursive: true, force: true });
  });

  async function recordAndStop() {
    const server = await startMockServer({ port: 0, apiKey: TEST_KEY, failWith: '429', failFirst: 3, retryAfterMs: 2 });
    const task = camelTasks[1]!;
    const config = {
      world: 'camel-roleplay',
      seed: 21,
      worldParams: { task: task.id },
      agents: camelAgents(task).map((a) => ({ ...a, policy: { kind: 'openai' as const, model: 'mock', baseUrl: server.url, apiKeyEnv: KEY_ENV } })),
    };
    const original = await runWorld({ config, out: live });
    await server.close();
    expect(server.stats().faults).toBe(3);
    return original;
  }

  it('replays byte-identically with replayRun, the server stopped and no key set', async () => {
    const original = await recordAndStop();
    delete process.env[KEY_ENV];
    const report = await replayRun(original.file!);
    expect(report.misses).toEqual([]);
    expect(report.status).toBe('identical');
    expect(report.finalHash).toBe(original.finalHash);
    process.env[KEY_ENV] = TEST_KEY;
  }, 30_000);

  it('replays byte-identically from its file alone, served by (agent, call) with the recorded settings', async () => {
    const original = await recordAndStop();
    const header = readRun(original.file!).header;
    const replay = await runWorld({ config: header.config, out: offline, policyFor: recordedPolicies(original.file!) });
    expect(replay.runId).toBe(original.runId);
    expect(replay.finalHash).toBe(original.finalHash);
    const body = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1).join('\n');
    expect(body(replay.file!)).toBe(body(original.file!));
  }, 30_000);
});
