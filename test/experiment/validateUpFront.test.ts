import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { troupe } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';
import { definitionError as fails } from './definitionError.ts';

const base = { name: 'exp', worlds: [{ world: 'relay' }], arms: ['none'], seeds: '1..2' };


describe('an experiment is validated before its first run', () => {
  it('including synthetic parameters and monitors, named by their field', () => {
    expect(fails({ ...base, agents: [{ name: 'a' }, { name: 'b', synthetic: { flipBse: 0.1 } }] })).toMatch(/^The experiment "exp", agents\[1\]\.synthetic: unknown parameter "flipBse"\. Known parameters: tauGoal, /);
    expect(fails({ ...base, agents: [{ name: 'a', perAgent: { planner: { flakeBse: 0 } } }] })).toMatch(/agents\[0\]\.perAgent\.planner: unknown parameter "flakeBse"/);
    expect(fails({ ...base, monitors: { enabled: ['role-flip', 'bogus'] } })).toMatch(/^The experiment "exp", monitors\.enabled: unknown monitor 'bogus'; known monitors: role-flip, /);
    // A parameter of a monitor that is not enabled is still a typo worth reporting.
    expect(fails({ ...base, monitors: { enabled: ['role-flip'], params: { drift: { threshhold: 0.2 } } } })).toMatch(/^The experiment "exp", monitors\.params: unknown parameter 'threshhold' for monitor 'drift'/);
    expect(fails({ ...base, monitors: { params: { nosy: {} } } })).toMatch(/monitors\.params: unknown monitor 'nosy'/);
    // A misspelt monitor is named as such, not taken for a missing one that a mitigation needs.
    expect(fails({ ...base, arms: ['none', 'loop-breaker'], monitors: { enabled: ['role-flip', 'infinite-lop'] } })).toMatch(/monitors\.enabled: unknown monitor 'infinite-lop'/);
    expect(fails({ ...base, arms: ['none', 'loop-breaker'], monitors: { enabled: ['role-flip'] } })).toMatch(/^The experiment "exp", arm "loop-breaker": Mitigation "loop-breaker" acts on infinite-loop flags/);
  });

  it('and an ad-hoc sweep names the flag, before anything is written', async () => {
    const cases: [string[], string][] = [
      [['--synthetic', 'flipBse=0.1'], 'troupe: --synthetic: unknown parameter "flipBse". Known parameters: tauGoal, '],
      [['--synthetic', 'planner.flakeBse=0'], 'troupe: --synthetic planner.…: unknown parameter "flakeBse".'],
      [['--synthetic', 'bob.flakeBase=0'], 'troupe: --synthetic bob.…: no agent "bob" in world "relay" (agents: planner, '],
      [['--monitors', 'role-flip,bogus'], "troupe: --monitors: unknown monitor 'bogus'; known monitors: role-flip, "],
      [['--param', 'jbs=2'], 'troupe: --param (world "relay"): unknown parameter "jbs" (known: team, '],
      [['--world', 'atlantis'], 'troupe: --world: Unknown world "atlantis".'],
      [['--monitors', 'none', '--arms', 'none,loop-breaker'], 'troupe: --arms, arm "loop-breaker": Mitigation "loop-breaker" acts on infinite-loop flags'],
    ];
    for (const [args, start] of cases) {
      const out = tempDir();
      const r = await troupe('sweep', '--world', 'relay', '--seeds', '1..2', ...args, '--out', out, '--workers', '0');
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr.startsWith(start), r.stderr).toBe(true);
      expect(readdirSync(out)).toEqual([]);
    }
  });
});
