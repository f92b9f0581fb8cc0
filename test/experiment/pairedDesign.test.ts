import { describe, expect, it } from 'vitest';
import { defineExperiment, planSweep } from '../../src/experiment/index.ts';

describe('a sweep plan', () => {
  it('gives every arm the same instances and seeds (paired design), arms innermost', async () => {
    const experiment = defineExperiment({
      name: 'paired',
      worlds: [
        { world: 'camel-roleplay', instances: [{ task: 'trading-bot' }, { task: 'lesson-plan' }] },
        { world: 'relay', instances: [{ team: 3 }] },
      ],
      arms: ['none', 'goal-reinject:k=4', 'placebo'],
      seeds: '1..4',
    });
    const plan = await planSweep(experiment, 'runs');
    expect(plan.dir).toBe('runs/paired');
    expect(plan.runs).toHaveLength((2 + 1) * 4 * 3);
    expect(plan.runs.slice(0, 3).map((r) => [r.arm, r.trial])).toEqual([
      ['none', 1],
      ['goal-reinject:k=4', 1],
      ['placebo', 1],
    ]);
    const cells = (arm: string) => plan.runs.filter((r) => r.arm === arm).map((r) => `${r.world}|${r.instance}|${r.seed}`);
    expect(cells('goal-reinject:k=4')).toEqual(cells('none'));
    expect(cells('placebo')).toEqual(cells('none'));
    // Within a cell, configs differ only by their mitigations.
    const [a, b] = plan.runs;
    expect({ ...a!.config, mitigations: [] }).toEqual({ ...b!.config, mitigations: [] });
    expect(b!.config.mitigations).toEqual([{ kind: 'goal-reinject', params: { k: 4 } }]);
  });

  it('runs each instance of a world on its own seeds, derived from the listed ones, the same for every arm', async () => {
    const experiment = defineExperiment({
      name: 'seeds',
      worlds: [{ world: 'camel-roleplay', instances: [{ task: 'trading-bot' }, { task: 'lesson-plan' }] }, { world: 'relay' }],
      arms: ['none', 'placebo'],
      seeds: '1..3',
    });
    const runs = (await planSweep(experiment, 'out')).runs;
    const camel = runs.filter((r) => r.world === 'camel-roleplay');
    // Two instances must not share random draws: their run seeds differ, trial by trial.
    const seedsOf = (task: string) => camel.filter((r) => r.instance === `task=${task}` && r.arm === 'none').map((r) => r.seed);
    expect(seedsOf('trading-bot')).toHaveLength(3);
    for (let i = 0; i < 3; i++) expect(seedsOf('trading-bot')[i]).not.toBe(seedsOf('lesson-plan')[i]);
    for (let i = 0; i < camel.length; i += 2) expect([camel[i + 1]!.seed, camel[i + 1]!.trial]).toEqual([camel[i]!.seed, camel[i]!.trial]);
    expect(camel.every((r) => r.config.seed === r.seed)).toBe(true);
    // A world with one instance runs on the seeds as listed.
    expect(runs.filter((r) => r.world === 'relay').map((r) => r.seed)).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('is deterministic: run ids are config hashes, so planning twice gives the same files', async () => {
    const experiment = defineExperiment({ name: 'ids', worlds: [{ world: 'camel-roleplay' }], arms: ['none', 'placebo'], seeds: '1..5' });
    const one = await planSweep(experiment, 'out');
    const two = await planSweep(experiment, 'out');
    expect(two.runs.map((r) => r.file)).toEqual(one.runs.map((r) => r.file));
    expect(new Set(one.runs.map((r) => r.runId)).size).toBe(10);
  });

  it('names an instance by its resolved parameters: a task drawn from the seed is the same for every arm', async () => {
    const experiment = defineExperiment({ name: 'drawn', worlds: [{ world: 'camel-roleplay' }], arms: ['none', 'role-reminder'], seeds: '1..20' });
    const plan = await planSweep(experiment, 'out');
    for (let i = 0; i < plan.runs.length; i += 2) expect(plan.runs[i + 1]!.instance).toBe(plan.runs[i]!.instance);
    expect(new Set(plan.runs.map((r) => r.instance)).size).toBeGreaterThan(2);
    expect(plan.runs[0]!.instance).toMatch(/^task=[a-z-]+$/);
  });

  it('applies an agent configuration: synthetic parameters for all agents and per agent, and the window', async () => {
    const input = { name: 'agents', worlds: [{ world: 'camel-roleplay', instances: [{ task: 'trading-bot' }] }], arms: ['none'], seeds: [1] };
    const experiment = defineExperiment({ ...input, agents: [{ name: 'flippy', synthetic: { flipBase: 0.2 }, perAgent: { user: { flakeBase: 0 } }, window: 12 }] });
    const [run] = (await planSweep(experiment, 'out')).runs;
    expect(run!.agents).toBe('flippy');
    expect(run!.config.context.window).toBe(12);
    expect(run!.config.agents.map((a) => a.policy)).toEqual([
      { kind: 'synthetic', params: { flipBase: 0.2, flakeBase: 0 } },
      { kind: 'synthetic', params: { flipBase: 0.2 } },
    ]);
    const bad = defineExperiment({ ...input, agents: [{ name: 'x', perAgent: { nobody: { flipBase: 0 } } }] });
    await expect(planSweep(bad, 'out')).rejects.toThrow(/no agent "nobody" in world "camel-roleplay" \(agents: user, assistant\)/);
  });
});
