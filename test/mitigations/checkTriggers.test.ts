import { describe, expect, it } from 'vitest';
import { defineExperiment } from '../../src/experiment/index.ts';
import { checkTriggers, parseArm } from '../../src/mitigations/index.ts';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

describe('a mitigation that acts on flags', () => {
  it('is refused when no enabled monitor raises them, and accepted when one does', () => {
    expect(() => checkTriggers(parseArm('goal-reinject:k=0+onFlag=true'), [])).toThrow(/"goal-reinject" acts on drift \/ infinite-loop flags, but no monitor that raises them runs \(monitors: none\)/);
    expect(() => checkTriggers(parseArm('goal-reinject:k=4+onFlag=true'), ['role-flip'])).toThrow(/goal-reinject/);
    expect(() => checkTriggers(parseArm('role-reminder:onFlag=true'), ['drift'])).toThrow(/acts on role-flip flags/);
    expect(() => checkTriggers(parseArm('loop-breaker'), ['drift'])).toThrow(/acts on infinite-loop flags/);
    expect(() => checkTriggers(parseArm('placebo:like=loop-breaker'), ['drift'])).toThrow(/"placebo" acts on infinite-loop flags/);
    expect(() => checkTriggers(parseArm('goal-reinject:onFlag=true'), ['drift'])).not.toThrow();
    // On a schedule only: nothing to check.
    expect(() => checkTriggers(parseArm('goal-reinject:k=4+role-reminder'), [])).not.toThrow();
  });

  it('is refused before anything runs: troupe run, and a sweep arm named in the error', async () => {
    const run = await troupe('run', 'relay', '--monitors', 'none', '--mitigation', 'loop-breaker', '--out', tempDir());
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^troupe: Mitigation "loop-breaker" acts on infinite-loop flags/);
    expect(() =>
      defineExperiment({ name: 'x', worlds: [{ world: 'relay' }], arms: ['none', 'role-reminder:onFlag=true'], seeds: [1], monitors: { enabled: ['drift'], params: {} } }),
    ).toThrow(/arm "role-reminder:onFlag=true": Mitigation "role-reminder" acts on role-flip flags/);
  });

  it('is refused by a fork that changes mitigations or monitors, and not by one that changes neither', async () => {
    const dir = tempDir();
    const parent = JSON.parse((await troupe('run', 'relay', '--seed', '3', '--out', dir, '--json')).stdout) as { file: string };
    const refused = await troupe('fork', parent.file, '--at', 'turn:3', '--set', 'monitors=none', '--set', 'mitigations=loop-breaker', '--out', dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^troupe: Mitigation "loop-breaker" acts on infinite-loop flags[^]*--set monitors=/);
    const seeded = await troupe('fork', parent.file, '--at', 'turn:3', '--seed', '9', '--out', dir);
    expect(seeded.code).toBe(0);
  });
});
