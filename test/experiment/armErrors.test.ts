import { describe, expect, it } from 'vitest';
import { defineExperiment, planSweep } from '../../src/experiment/index.ts';
import { tempDir } from '../helpers/runs.ts';
import { parseArm, parseArms } from '../../src/mitigations/index.ts';

const base = { name: 'exp', worlds: [{ world: 'relay' }], seeds: '1..2' };

describe('an arm', () => {
  it('refuses a parameter given twice, instead of running the last value under a name showing both', () => {
    expect(() => parseArms('none,goal-reinject:k=4,k=2')).toThrow('--arms "none,goal-reinject:k=4,k=2": parameter "k" of "goal-reinject" is given twice; give each parameter once.');
    expect(() => parseArm('role-reminder:every=3+every=2')).toThrow(/parameter "every" of "role-reminder" is given twice/);
    // The same key on two different mitigations of one arm is fine.
    expect(parseArm('goal-reinject:k=4+placebo:k=2')).toHaveLength(2);
  });

  it('with a placebo parameter that is wrong lists the placebo parameters, like first', () => {
    const arms = ['none', { name: 'p', mitigations: [{ kind: 'placebo', params: { zz: 1 } }] }];
    expect(() => defineExperiment({ ...base, arms })).toThrow(
      /arm "p": Mitigation "placebo" \(like=goal-reinject\): Mitigation "goal-reinject": unknown parameter "zz"\. Parameters of "placebo": like \(the note-giving mitigation to copy: "goal-reinject", "role-reminder", .*; default goal-reinject\) and the parameters of that mitigation\. Parameters of "goal-reinject": k /,
    );
    expect(() => parseArm('placebo:like=role-reminder,every=x')).toThrow(/^Mitigation "placebo" \(like=role-reminder\): Mitigation "role-reminder": parameter "every" must be .*Parameters of "placebo": like /);
  });

  it('refuses, when planned, two arms of the same mitigations (the same runs, compared with themselves), however they are written', async () => {
    const plan = (arms: (string | { name: string; mitigations: [] })[]) => planSweep(defineExperiment({ ...base, arms }), tempDir());
    await expect(plan(['none', 'goal-reinject:k=4', 'goal-reinject:k=04'])).rejects.toThrow(
      'The experiment "exp": arms "goal-reinject:k=4" and "goal-reinject:k=04" run the same mitigations (goal-reinject:k=4), so their runs are the same runs and comparing them gives 0 by construction; list each arm once.',
    );
    await expect(plan(['role-reminder:every=3,onFlag=true', 'role-reminder:onFlag=true,every=3'])).rejects.toThrow(/run the same mitigations/);
    await expect(plan(['none', { name: 'nothing', mitigations: [] }])).rejects.toThrow(/arms "none" and "nothing" run the same mitigations \(none\)/);
  });

  it('refuses one kind twice in one run (its interventions could not be told apart), but takes a placebo per mimicked mitigation', () => {
    expect(() => parseArm('goal-reinject:k=4+goal-reinject:k=2')).toThrow(
      '"goal-reinject" is given twice in one run (goal-reinject:k=4 and goal-reinject:k=2): its interventions are recorded under one name and could not be told apart. Give one "goal-reinject" all its settings, or compare the two as separate arms.',
    );
    expect(() => parseArms('none,role-guard+role-guard')).toThrow(/"role-guard" is given twice in one run/);
    expect(parseArm('placebo:like=goal-reinject+placebo:like=role-reminder')).toHaveLength(2);
  });
});
