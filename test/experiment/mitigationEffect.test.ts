import { describe, expect, it } from 'vitest';
import { defineExperiment, sweepExperiment } from '../../src/experiment/index.ts';
import type { Comparison } from '../../src/report/index.ts';
import { tempDir } from '../helpers/runs.ts';

describe('mitigation effects read from recorded runs', () => {
  it('goal re-injection lowers injected failures on camel-roleplay, a matched placebo barely moves them', async () => {
    const experiment = defineExperiment({
      name: 'effect',
      worlds: [{ world: 'camel-roleplay', instances: [{ task: 'trading-bot' }, { task: 'lesson-plan' }, { task: 'sales-dashboard' }] }],
      arms: ['none', 'goal-reinject:k=4', 'placebo:like=goal-reinject,k=4'],
      seeds: '1..12',
      metrics: ['failures', 'interventions'],
      stats: { resamples: 500, permutations: 2000 },
    });
    const { summary, outcome } = await sweepExperiment(experiment, { out: tempDir(), workers: 0 });
    expect(outcome.ran).toBe(3 * 3 * 12);
    const vs = (arm: string, metric: string) => summary.groups[0]!.comparisons.find((c) => c.arm === arm && c.metric === metric) as Comparison;
    const goal = vs('goal-reinject:k=4', 'failures/100t all');
    const placebo = vs('placebo:like=goal-reinject,k=4', 'failures/100t all');
    expect(goal.diff).toBeLessThan(0);
    expect(goal.significant).toBe(true);
    expect(Math.abs(placebo.diff)).toBeLessThan(Math.abs(goal.diff) / 3);
    expect(placebo.significant).toBe(false);
    // The placebo did intervene, on the goal arm's schedule.
    const level = (arm: string) => summary.groups[0]!.arms.find((a) => a.arm === arm)!.levels['interventions/run']!.value;
    expect(level('placebo:like=goal-reinject,k=4')).toBeGreaterThan(2);
    expect(level('none')).toBe(0);
  });
});
