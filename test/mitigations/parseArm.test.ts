import { describe, expect, it } from 'vitest';
import { formatArm, parseArm, parseArms } from '../../src/mitigations/index.ts';

describe('the arm syntax', () => {
  it('reads one mitigation with typed parameters', () => {
    expect(parseArm('goal-reinject:k=4')).toEqual([{ kind: 'goal-reinject', params: { k: 4 } }]);
    expect(parseArm('role-reminder:every=3,onFlag=true')).toEqual([{ kind: 'role-reminder', params: { every: 3, onFlag: true } }]);
    expect(parseArm('role-reminder:every=3+onFlag=true')).toEqual([{ kind: 'role-reminder', params: { every: 3, onFlag: true } }]);
    expect(parseArm('loop-breaker:action=stop,stopAfter=2')).toEqual([{ kind: 'loop-breaker', params: { action: 'stop', stopAfter: 2 } }]);
    expect(parseArm('none')).toEqual([]);
    expect(parseArm('placebo')).toEqual([{ kind: 'placebo', params: {} }]);
  });

  it('joins mitigations of one arm with +', () => {
    expect(parseArm('goal-reinject:k=4+role-reminder:every=4+role-guard')).toEqual([
      { kind: 'goal-reinject', params: { k: 4 } },
      { kind: 'role-reminder', params: { every: 4 } },
      { kind: 'role-guard', params: {} },
    ]);
  });

  it('splits --arms on commas, except before key=value, and names arms by their text', () => {
    const arms = parseArms('none,goal-reinject:k=4,onFlag=true,placebo:like=goal-reinject,k=4,goal-reinject:k=4+role-guard');
    expect(arms.map((a) => a.name)).toEqual(['none', 'goal-reinject:k=4,onFlag=true', 'placebo:like=goal-reinject,k=4', 'goal-reinject:k=4+role-guard']);
    expect(arms[2]!.mitigations).toEqual([{ kind: 'placebo', params: { like: 'goal-reinject', k: 4 } }]);
    expect(formatArm(arms[1]!.mitigations)).toBe('goal-reinject:k=4,onFlag=true');
    expect(formatArm([])).toBe('none');
  });

  it('says what is wrong, with the syntax', () => {
    expect(() => parseArms('none,,placebo')).toThrow(/empty entry after ","\. Syntax: none \| kind/);
    expect(() => parseArms('k=4,none')).toThrow(/parameter "k=4" comes before any mitigation/);
    expect(() => parseArms('none+placebo')).toThrow(/"none" cannot be combined/);
    expect(() => parseArms('Goal!')).toThrow(/"Goal!" is not a mitigation/);
    expect(() => parseArms('none,none')).toThrow(/arm "none" is listed twice/);
    expect(() => parseArms('goal-reinject:k=x')).toThrow(/parameter "k" must be a number/);
  });
});
