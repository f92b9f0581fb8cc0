import { describe, expect, it } from 'vitest';
import { defineExperiment } from '../../src/experiment/index.ts';
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
});
