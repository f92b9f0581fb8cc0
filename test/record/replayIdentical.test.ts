import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PolicySpec } from '../../src/core/specs.ts';
import { createPolicy, registerPolicy } from '../../src/policies/createPolicy.ts';
import type { Policy, PolicyContext } from '../../src/policies/Policy.ts';
import { readRun } from '../../src/record/readRun.ts';
import { formatReplay, replayRun } from '../../src/record/replayRun.ts';
import { typeOfLine } from '../../src/record/runFile.ts';
import { runWorld } from '../../src/runner/index.ts';
import { scriptedAgents, tempDir } from '../helpers/runs.ts';

const worlds = [
  { world: 'camel-roleplay', maxTurns: 14, worldParams: {} },
  { world: 'relay', maxTurns: 14, worldParams: { jobs: 10 } },
  { world: 'relay', maxTurns: 10, worldParams: { jobs: 10, scheduler: 'simultaneous', team: 5 } },
] as const;

describe('run → replay', () => {
  it('gives the identical final hash for many seeds in both worlds (synthetic policy)', async () => {
    const out = tempDir();
    for (const w of worlds) {
      for (let seed = 1; seed <= 8; seed++) {
        const run = await runWorld({ config: { ...w, worldParams: { ...w.worldParams }, seed: seed * 7919 }, out });
        const report = await replayRun(run.file!);
        expect(report.status, formatReplay(report)).toBe('identical');
        expect(report.finalHash).toBe(run.finalHash);
        expect(report.matched).toBe(run.events);
      }
    }
  });

  it('gives the identical final hash for scripted runs', async () => {
    const out = tempDir();
    for (const [world, worldParams] of [['camel-roleplay', { task: 'lesson-plan' }], ['relay', {}]] as const) {
      const agents = await scriptedAgents(world, worldParams, 3);
      const run = await runWorld({ config: { world, seed: 3, worldParams, agents }, out });
      const report = await replayRun(run.file!);
      expect(report.status, formatReplay(report)).toBe('identical');
      expect(report.finalHash).toBe(run.finalHash);
    }
  });

  it('serves every recorded attempt of a call back — failed ones with their status, retry-after and backoff', async () => {
    const out = tempDir();
    const agents = await scriptedAgents('relay', {}, 2);
    // A flaky transport: every third call fails twice (429 with retry-after, then a timeout) before it succeeds.
    const flaky = (spec: PolicySpec, ctx: PolicyContext): Policy => {
      const inner = createPolicy(spec, ctx);
      return {
        kind: 'flaky',
        settings: { kind: 'flaky' },
        decide: async (request) => {
          const ok = (await inner.decide(request)).attempts;
          if (request.call % 3 !== 0) return { attempts: ok };
          return {
            attempts: [
              { reply: null, error: { kind: 'http', status: 429, message: 'rate limited', retryAfterMs: 1500 }, backoffMs: 1500 },
              { reply: null, error: { kind: 'timeout', status: null, message: 'timed out after 30000 ms', retryAfterMs: null }, backoffMs: 2210 },
              ...ok,
            ],
          };
        },
      };
    };
    const run = await runWorld({ config: { world: 'relay', seed: 2, maxTurns: 12, agents }, out, policyFor: flaky });
    const failed = readRun(run.file!).events.filter((e) => e.type === 'model.response' && e.error !== null);
    expect(failed.length).toBeGreaterThan(4);
    const report = await replayRun(run.file!);
    expect(report.status, formatReplay(report)).toBe('identical');
  });

  it('never calls a live model: replay works with the policy unavailable, and a reply the recording lacks is a miss', async () => {
    const out = tempDir();
    const run = await runWorld({ config: { world: 'relay', seed: 4, maxTurns: 8 }, out });
    // From here on any live synthetic call would throw.
    registerPolicy('synthetic', () => {
      throw new Error('a live policy was created during replay');
    });
    const report = await replayRun(run.file!);
    expect(report.status, formatReplay(report)).toBe('identical');
    expect(report.misses).toEqual([]);

    // A recording cut right after a request: the re-run asks for that reply, which was never recorded.
    const lines = readFileSync(run.file!, 'utf8').split('\n');
    const request = lines.findIndex((l, i) => i > 30 && typeOfLine(l) === 'model.request');
    const cut = join(out, 'cut.jsonl');
    writeFileSync(cut, `${lines.slice(0, request + 1).join('\n')}\n`);
    const partial = await replayRun(cut);
    expect(partial.status, formatReplay(partial)).toBe('identical-prefix');
    const { agent, call } = JSON.parse(lines[request]!) as { agent: string; call: number };
    // Its reply lies beyond the recorded prefix: not a miss of the recording (see replayPrefix.test.ts).
    expect(partial.misses).toEqual([]);
    expect(partial.beyondPrefix).toEqual([`${agent} call ${call}`]);
  });
});
