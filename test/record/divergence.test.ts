import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReplay, replayRun } from '../../src/record/replayRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import { tempDir } from '../helpers/runs.ts';
import { relayCopy, replaceOnce } from './worldCopy.ts';

describe('replay after a change', () => {
  it('reports the first divergent event and the changed world code when a world code path changed', async () => {
    const dir = tempDir();
    const original = relayCopy(join(dir, 'v1'));
    const run = await runWorld({ config: { world: original, seed: 5, maxTurns: 30, worldParams: { jobs: 4, testFailRate: 0 } }, out: dir });
    expect((await replayRun(run.file!)).status).toBe('identical');

    // Tests now always find a bug: the first test action takes another path through `apply`.
    const changed = relayCopy(join(dir, 'v2'), (s) => replaceOnce(s, 'rng.chance(state.testFailRate)', 'rng.chance(1)'));
    const report = await replayRun(run.file!, { world: changed });
    const text = formatReplay(report);
    expect(report.status, text).toBe('diverged');
    const d = report.divergence!;
    // Everything before the first test action matched; the divergence is the world's reaction to it.
    expect(d.before.some((e) => e.type === 'action' && (e.action as { type: string }).type === 'test')).toBe(true);
    expect(['env.update', 'message', 'action.result']).toContain(d.recorded!.type);
    expect(d.diff.length).toBeGreaterThan(0);
    expect(d.causes[0]).toMatch(/the world's code changed since the recording: .*relayCopy\.ts/);
    expect(text).toContain(`First divergent event: seq ${d.seq} (line ${d.seq + 2} of the run file)`);
    expect(report.matched).toBe(d.seq);
  });

  it('names the changed message of the prompt when the request of a call changed', async () => {
    const dir = tempDir();
    const original = relayCopy(join(dir, 'v1'));
    const run = await runWorld({ config: { world: original, seed: 6, maxTurns: 10 }, out: dir });
    const changed = relayCopy(join(dir, 'v2'), (s) =>
      replaceOnce(s, 'instructions: (params) => relayInstructions(', "instructions: (params) => 'Keep it short. ' + relayInstructions("),
    );
    const report = await replayRun(run.file!, { world: changed });
    const d = report.divergence!;
    expect(d.recorded!.type, formatReplay(report)).toBe('model.request');
    const { agent, call } = d.recorded as { agent: string; call: number };
    expect(call).toBe(0);
    expect(d.causes.join('\n')).toContain(`the request of ${agent}'s call 0 changed`);
    expect(d.causes.join('\n')).toMatch(/message 0 \(system\) differs: .*Keep it short/);
  });

  it('reports a changed agent spec at its agent.spawn event, naming the changed fields', async () => {
    const run = await runWorld({ config: { world: 'relay', seed: 3, maxTurns: 10 }, out: tempDir() });
    const agents = run.config.agents.map((a) => (a.id === 'tester' ? { ...a, goal: { ...a.goal, statement: `${a.goal.statement} Quickly.` } } : a));
    const report = await replayRun(run.file!, { agents });
    const d = report.divergence!;
    expect(report.status).toBe('diverged');
    expect(d.recorded).toMatchObject({ type: 'agent.spawn', agent: 'tester' });
    expect(d.diff).toEqual([expect.stringMatching(/^goal\.statement: .*Quickly\./)]);
    expect(d.causes[0]).toBe('the spec of agent "tester" changed since the recording (goal.statement).');
  });

  it('replays identically against the world’s current default agents when they are unchanged', async () => {
    const run = await runWorld({ config: { world: 'camel-roleplay', seed: 8, maxTurns: 8 }, out: tempDir() });
    expect((await replayRun(run.file!, { agents: 'current' })).status).toBe('identical');
  });

  it('blames the file, not the code, when a recorded line was edited', async () => {
    const run = await runWorld({ config: { world: 'relay', seed: 3, maxTurns: 10 }, out: tempDir() });
    const lines = readFileSync(run.file!, 'utf8').split('\n');
    const at = lines.findIndex((l, i) => i > 20 && l.includes('"type":"message"'));
    lines[at] = lines[at]!.replace('"content":"', '"content":"(edited) ');
    writeFileSync(run.file!, lines.join('\n'));
    const report = await replayRun(run.file!);
    expect(report.divergence!.line).toBe(at + 1);
    expect(report.divergence!.causes[0]).toContain(`the run file itself was edited at line ${at + 1}`);
  });
});
