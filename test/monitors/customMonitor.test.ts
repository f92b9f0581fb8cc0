import { describe, expect, it } from 'vitest';
import { defaultPlugins, defineMonitor, finding, mitigationPlugins, monitorPlugin, runWorld, WHOLE, type RunResult } from '../../src/index.ts';
import { forkRun, replayRun } from '../../src/record/index.ts';
import { resolveRunConfig } from '../../src/runner/index.ts';
import { tempDir } from '../helpers/runs.ts';
import { resolveWorld } from '../../src/world/index.ts';

// The example of defineMonitor's documentation, as a researcher would write it.
const shout = defineMonitor({
  name: 'shout',
  kind: null,
  summary: 'messages that restate the task in capitals',
  params: { minLength: { value: 10, doc: 'shortest message judged', range: WHOLE } },
  create: (p) => ({
    onMessage: (m) => (m.content.length >= p.minLength && /Task:|Instruction:/.test(m.content) ? finding(m, 0.5, 'warning', 'message names the task') : null),
  }),
});

describe('a monitor of your own', () => {
  it('runs online next to the configured ones through monitorPlugin, its flags recorded like theirs', async () => {
    const world = await resolveWorld('camel-roleplay');
    const config = resolveRunConfig({ world: 'camel-roleplay', seed: 3 }, world.world);
    const plain: RunResult = await runWorld({ config, world });
    const mine = await runWorld({ config, world, plugins: [monitorPlugin(config.monitors, [shout]), ...mitigationPlugins(config.mitigations)] });
    expect(mine.flags.shout).toBeGreaterThan(0);
    // The built-in monitors raised exactly what they raise without it.
    const { shout: _, ...builtIn } = mine.flags;
    expect(builtIn).toEqual(plain.flags);
    expect(defaultPlugins(config)).toHaveLength(1 + config.mitigations.length);
  });

  it('may not take a built-in monitor’s name', () => {
    expect(() => monitorPlugin({ enabled: null, params: {} }, [{ ...shout, name: 'drift' }])).toThrow('Two monitors are named "drift": give yours another name.');
  });

  it('recorded by a script, replays and forks from that script with its plugins; troupe replay says why it cannot', async () => {
    const world = await resolveWorld('camel-roleplay');
    const config = resolveRunConfig({ world: 'camel-roleplay', seed: 3 }, world.world);
    const plugins = (c: typeof config) => [monitorPlugin(c.monitors, [shout]), ...mitigationPlugins(c.mitigations)];
    const out = tempDir();
    const run = await runWorld({ config, world, out, plugins: plugins(config) });
    const file = run.file!;

    const plain = await replayRun(file);
    expect(plain.status).toBe('diverged');
    expect(plain.divergence!.causes).toContainEqual(expect.stringMatching(/^the recording has a flag from monitor "shout", which the run's config does not run: a monitor of the script that made the run\?/));
    expect((await replayRun(file, { plugins })).status).toBe('identical');
    const fork = await forkRun(file, { at: 'turn:2', seed: 9, out, plugins });
    expect(fork.flags.shout ?? 0).toBeGreaterThanOrEqual(0);
    expect((await replayRun(fork.file!, { plugins })).status).toBe('identical');
  });

  it('that throws, or returns what is no finding, ends the run in error naming it (not as an internal error)', async () => {
    const world = await resolveWorld('camel-roleplay');
    const config = resolveRunConfig({ world: 'camel-roleplay', seed: 3 }, world.world);
    const bad = (onMessage: (m: Parameters<typeof finding>[0]) => unknown) =>
      defineMonitor({ name: 'bad', kind: null, summary: 'bad', params: {}, create: () => ({ onMessage: (m) => (m.seq > 10 ? (onMessage(m) as null) : null) }) });
    const end = async (monitor: ReturnType<typeof bad>) =>
      (await runWorld({ config, world, out: tempDir(), plugins: [monitorPlugin(config.monitors, [monitor])] })).termination;
    expect(await end(bad(() => { throw new Error('boom'); }))).toEqual({ reason: 'error', detail: 'monitor "bad": its code threw: boom' });
    expect((await end(bad(() => 'flagged'))).detail).toBe('monitor "bad": onMessage returned "flagged", which is not a finding: Invalid input: expected object, received string. Return finding(m, score, severity, explanation) or null.');
    expect((await end(bad((m) => ({ ...finding(m, 0.5, 'warning', 'x'), score: NaN })))).detail).toMatch(/^monitor "bad": onMessage returned .*, which is not a finding: .* \(at score\)\./);
    expect((await end(bad((m) => ({ ...finding(m, 0.5, 'warning', 'x'), severity: 'loud' })))).detail).toMatch(/which is not a finding: .* \(at severity\)\./);
    // Well-formed, but about no agent or events of this run: the scorer would count it at a turn it never was.
    expect((await end(bad((m) => ({ ...finding(m, 0.5, 'warning', 'x'), agent: 'bob' })))).detail).toMatch(/which is not a finding: agent "bob" is not in this run \(its agents: \w+, \w+; null for none\)\./);
    expect((await end(bad((m) => ({ ...finding(m, 0.5, 'warning', 'x'), span: { start: m.seq, end: m.seq + 3 } })))).detail).toMatch(/which is not a finding: its span (\d+)\.\.\d+ is not a range of the events so far \(seqs 0\.\.\1, start ≤ end\)\./);
    expect((await end(bad((m) => ({ ...finding(m, 0.5, 'warning', 'x'), span: { start: m.seq, end: m.seq - 1 } })))).detail).toMatch(/its span \d+\.\.\d+ is not a range/);
    expect((await end(bad((m) => ({ ...finding(m, 0.5, 'warning', 'x'), evidence: [{ seq: 999, excerpt: 'later' }] })))).detail).toMatch(/its evidence cites seq 999, not an event so far/);
    // Null (no agent) and the speaker of the message judged are fine.
    expect((await end(bad((m) => ({ ...finding(m, 0.5, 'warning', 'x'), agent: null })))).reason).not.toBe('error');
    expect((await end(bad((m) => finding(m, 0.5, 'warning', 'x')))).reason).not.toBe('error');
    // Made with the plugin, before the run starts: what create throws is said before any file is written.
    const broken = defineMonitor({ name: 'broken', kind: null, summary: 'b', params: {}, create: () => { throw new Error('no setup'); } });
    expect(() => monitorPlugin(config.monitors, [broken])).toThrow('monitor "broken": its code threw: no setup');
  });
});
