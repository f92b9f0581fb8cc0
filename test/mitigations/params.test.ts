import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { MITIGATION_KINDS, mitigationPlugins } from '../../src/mitigations/index.ts';

const errorOf = (kind: string, params: Record<string, string | number | boolean>): string => {
  try {
    mitigationPlugins([{ kind, params }]);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return (error as Error).message;
  }
  throw new Error('no error');
};

describe('mitigation parameters', () => {
  it('are validated when plugins are built, with an error naming the mitigation and the parameter', () => {
    expect(errorOf('goal-reinject', { k: 'often' })).toMatch(/^Mitigation "goal-reinject": parameter "k" must be a number, got "often"\. Parameters of "goal-reinject": k \(every k turns/);
    expect(errorOf('goal-reinject', { k: 2.5 })).toMatch(/parameter "k" must be an integer, got 2\.5/);
    expect(errorOf('role-reminder', { every: -1 })).toMatch(/parameter "every" must be ≥ 0, got -1/);
    expect(errorOf('loop-breaker', { action: 'halt' })).toMatch(/parameter "action" must be one of "perturb", "stop", got "halt"/);
    expect(errorOf('snowball', { depth: 3 })).toMatch(/^Mitigation "snowball": unknown parameter "depth"\. Parameters of "snowball": max/);
    expect(errorOf('role-guard', { strict: true })).toMatch(/"role-guard" takes no parameters/);
  });

  it('refuse settings that would never fire or contradict each other', () => {
    expect(errorOf('goal-reinject', { k: 0 })).toMatch(/"k" is 0 and onFlag is false, so it would never fire/);
    expect(errorOf('loop-breaker', { stopAfter: 2 })).toMatch(/"stopAfter" needs action=stop/);
    expect(errorOf('placebo', { like: 'loop-breaker', action: 'stop' })).toMatch(/a stop is not a note/);
  });

  it('name the placebo and the arm it copies', () => {
    expect(errorOf('placebo', { like: 'role-guard' })).toMatch(/^Mitigation "placebo": parameter "like" must be "goal-reinject", "role-reminder", "loop-breaker", "recap", "snowball", or the path of a note-giving mitigation module, got "role-guard" \(a mitigation that does more than give notes: a placebo copies notes only\)\./);
    expect(errorOf('placebo', { like: 'nothing' })).toMatch(/^Mitigation "placebo": parameter "like" must be "goal-reinject", .*, got "nothing"\.$/);
    expect(errorOf('placebo', { like: 'role-reminder', k: 3 })).toMatch(/^Mitigation "placebo" \(like=role-reminder\): Mitigation "role-reminder": unknown parameter "k"/);
  });

  it('list the known kinds for an unknown one', () => {
    expect(errorOf('goal-reminder', {})).toBe(`Unknown mitigation "goal-reminder". Known mitigations: ${MITIGATION_KINDS.join(', ')}; or give a path to a mitigation module (e.g. ./shout.ts).`);
    expect(MITIGATION_KINDS).toEqual(['goal-reinject', 'role-reminder', 'loop-breaker', 'recap', 'snowball', 'role-guard', 'placebo']);
  });
});
