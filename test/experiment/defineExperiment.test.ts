import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defineExperiment, loadExperiment } from '../../src/experiment/index.ts';
import { tempDir } from '../helpers/runs.ts';
import { definitionError as fails } from './definitionError.ts';

const base = { name: 'exp', worlds: [{ world: 'camel-roleplay' }], arms: ['none', 'goal-reinject:k=4'], seeds: '1..3' };

describe('an experiment', () => {
  it('reads seeds as a range, a list or { from, to }, and arms as text or objects', () => {
    expect(defineExperiment(base).seeds).toEqual([1, 2, 3]);
    expect(defineExperiment({ ...base, seeds: [5, 3] }).seeds).toEqual([5, 3]);
    expect(defineExperiment({ ...base, seeds: '1, 5,9' }).seeds).toEqual([1, 5, 9]);
    expect(defineExperiment({ ...base, seeds: '7' }).seeds).toEqual([7]);
    expect(defineExperiment({ ...base, seeds: { from: 10, to: 12 } }).seeds).toEqual([10, 11, 12]);
    const e = defineExperiment({ ...base, arms: ['none', { name: 'reminded', mitigations: [{ kind: 'role-reminder', params: { every: 2 } }] }] });
    expect(e.arms).toEqual([
      { name: 'none', mitigations: [] },
      { name: 'reminded', mitigations: [{ kind: 'role-reminder', params: { every: 2 } }] },
    ]);
    expect(e.baseline).toBe('none');
    expect(e.stats).toMatchObject({ confidence: 0.95, resamples: 2000, permutations: 10000, unit: 'pair' });
  });

  it('is validated up front, with errors that name the field, arm, mitigation or parameter', () => {
    expect(fails({ ...base, seeds: '5..1' })).toMatch(/a range must not end before it starts, got 5\.\.1\n  → at seeds/);
    expect(fails({ ...base, name: 'My Experiment' })).toMatch(/lower-case letters, digits, \. _ or -, as it names a directory\n  → at name/);
    expect(fails({ ...base, worlds: [] })).toMatch(/→ at worlds/);
    expect(fails({ ...base, arms: ['none', 'goal-reinject:k=x'] })).toMatch(/arm "goal-reinject:k=x": Mitigation "goal-reinject": parameter "k" must be a number/);
    expect(fails({ ...base, arms: ['none', { name: 'none', mitigations: [] }] })).toMatch(/two arms are named "none"/);
    expect(fails({ ...base, baseline: 'placebo' })).toMatch(/baseline "placebo" is not an arm/);
    expect(fails({ ...base, metrics: ['speed'] })).toMatch(/→ at metrics\[0\]/);
    expect(fails({ ...base, colour: 'blue' })).toMatch(/colour/);
  });

  it('loads by name, from a JSON file (validated) or from a TS module', async () => {
    expect((await loadExperiment('persistent-goals')).name).toBe('persistent-goals');
    const dir = tempDir();
    const json = join(dir, 'exp.json');
    writeFileSync(json, JSON.stringify({ format: 'troupe.experiment/1', ...base, arms: ['none', 'placebo'] }));
    expect((await loadExperiment(json)).arms.map((a) => a.name)).toEqual(['none', 'placebo']);
    writeFileSync(json, JSON.stringify({ ...base, seeds: 'many' }));
    await expect(loadExperiment(json)).rejects.toThrow(/Experiment file .*exp\.json failed validation:[\s\S]*seeds/);
    const ts = join(dir, 'exp.ts');
    writeFileSync(ts, `import { defineExperiment } from '${join(import.meta.dirname, '../../src/experiment/index.ts')}';\nexport default defineExperiment(${JSON.stringify({ ...base, name: 'from-ts' })});\n`);
    expect((await loadExperiment(ts)).name).toBe('from-ts');
    await expect(loadExperiment('no-such-experiment')).rejects.toThrow(/Unknown experiment "no-such-experiment"\. Built-in experiments: persistent-goals/);
  });
});
