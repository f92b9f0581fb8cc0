import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/runs.ts';
import { goldenCopy, troupeHere } from './inProcessCli.ts';
import { applyChange, forkChangeOf } from '../../src/record/forkChange.ts';
import { resolveRunConfig } from '../../src/runner/index.ts';
import { resolveWorld } from '../../src/world/index.ts';

const { world } = await resolveWorld('relay');
const config = resolveRunConfig({ world: 'relay', seed: 1, worldParams: { project: 'team chat' } }, world);

describe('a fork’s change', () => {
  it('is recorded as flag-like strings: policy, seed, then the --set keys', () => {
    expect(forkChangeOf({ policy: 'scripted', seed: 9, set: { maxTurns: '80' } })).toEqual({ policy: 'scripted', seed: '9', maxTurns: '80' });
    expect(forkChangeOf({})).toEqual({});
  });

  it('switches one mitigation on, off or to new parameters, validated as `run --mitigation` validates them', () => {
    const on = applyChange(config, { 'mitigation.goal-reinject': 'k=2' }, world);
    expect(on.mitigations).toEqual([{ kind: 'goal-reinject', params: { k: 2 } }]);
    expect(applyChange(on, { 'mitigation.goal-reinject': 'off' }, world).mitigations).toEqual([]);
    expect(() => applyChange(config, { 'mitigation.goal-reinject': 'q=1' }, world)).toThrow(/unknown parameter "q"/);
    expect(() => applyChange(config, { 'mitigation.telepathy': 'on' }, world)).toThrow(/"telepathy" is not a built-in mitigation \(goal-reinject, .*\); set a mitigation module's with --set mitigations=/);
    // One key sets one mitigation: it cannot smuggle in others, or none.
    expect(() => applyChange(config, { 'mitigation.goal-reinject': 'k=2+placebo' }, world)).toThrow(/the one mitigation "goal-reinject"/);
    expect(() => applyChange(config, { 'mitigation.none': 'on' }, world)).toThrow(/"none" is not a built-in mitigation/);
  });

  it('applies caps, monitors, mitigations and policy parameters, and leaves the rest of the config alone', () => {
    const next = applyChange(
      config,
      {
        maxTurns: '90',
        maxMessages: 'none',
        monitors: 'drift,flake-reply',
        'monitor.drift.threshold': '0.3',
        mitigations: 'goal-reinject:k=4+placebo',
        'synthetic.flakeBase': '0.2',
        'synthetic.tester.flakeBase': '0.5',
        seed: '7',
      },
      world,
    );
    expect(next).toMatchObject({ seed: 7, maxTurns: 90, maxMessages: null, monitors: { enabled: ['drift', 'flake-reply'], params: { drift: { threshold: 0.3 } } } });
    expect(next.mitigations.map((m) => m.kind)).toEqual(['goal-reinject', 'placebo']);
    expect(next.agents.map((a) => [a.id, a.policy])).toEqual(
      config.agents.map((a) => [a.id, { kind: 'synthetic', params: { flakeBase: a.id === 'tester' ? 0.5 : 0.2 } }]),
    );
    expect({ ...next, seed: 1, maxTurns: config.maxTurns, maxMessages: null, monitors: config.monitors, mitigations: [], agents: config.agents }).toEqual(config);
  });

  it('gives every agent the new policy first, so its parameters apply to that policy', () => {
    const next = applyChange(config, { 'openai.model': 'tiny', policy: 'openai', 'openai.planner.temperature': '0.5' }, world);
    expect(next.agents.every((a) => a.policy.kind === 'openai' && a.policy.model === 'tiny')).toBe(true);
    expect(next.agents.find((a) => a.id === 'planner')!.policy).toMatchObject({ temperature: 0.5 });
  });

  it('refuses what only a new run can change, and bad values, naming the key', () => {
    expect(() => applyChange(config, { 'worldParams.jobs': '5' }, world)).toThrow(/--set worldParams\.jobs: not something a fork can change/);
    expect(() => applyChange(config, { window: '5' }, world)).toThrow(/start a new run to change them/);
    expect(() => applyChange(config, { maxTurns: 'many' }, world)).toThrow('maxTurns must be an integer between 1 and');
    expect(() => applyChange(config, { 'openai.model': 'x' }, world)).toThrow('agent "planner" uses the synthetic policy, not openai (change it with --policy openai).');
    expect(() => applyChange(config, { policy: 'magic' }, world)).toThrow('Unknown policy "magic"');
  });

  it('refuses a turn or message cap the kept prefix has already passed (the fork would end at once, "9 turns (cap 3)")', async () => {
    const file = goldenCopy();
    const passed = await troupeHere('fork', file, '--at', 'turn:6', '--set', 'maxTurns=3', '--out', tempDir());
    expect(passed.err).toBe('troupe: --set maxTurns=3: the run has 5 turns up to the fork point, so that cap is already passed; give at least 5, or fork earlier.\n');
    expect(passed.code).toBe(1);
    expect((await troupeHere('fork', file, '--at', 'turn:6', '--set', 'maxTurns=5', '--out', tempDir())).code).toBe(0);
    // The same for the message cap: the agents' messages kept (the world's notes do not count).
    const messages = await troupeHere('fork', file, '--at', 'turn:6', '--set', 'maxMessages=2', '--out', tempDir());
    expect(messages.err).toMatch(/^troupe: --set maxMessages=2: the run has 5 messages up to the fork point, so that cap is already passed; give at least 5, or fork earlier\.\n$/);
  });
});
