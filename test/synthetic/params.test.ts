import { describe, expect, it } from 'vitest';
import { camelAgents } from '../../agents/camelAgents.ts';
import { UserError } from '../../src/core/errors.ts';
import { AgentSpecSchema } from '../../src/core/specs.ts';
import { BASE_HAZARDS, createSyntheticPolicy, SYNTHETIC_DEFAULTS, SyntheticParamsSchema } from '../../src/policies/synthetic/index.ts';
import { TRADING } from './contexts.ts';
import { simulateCamel } from './simulate.ts';

const agent = AgentSpecSchema.parse(camelAgents(TRADING)[1]!);
const make = (params: Record<string, number>) => createSyntheticPolicy({ kind: 'synthetic', params }, { agent, seed: 1 });

describe('synthetic parameters', () => {
  it('reject an unknown name with an error that names it and lists the known ones', () => {
    expect(() => make({ flipRate: 0.1 })).toThrow(UserError);
    expect(() => make({ flipRate: 0.1 })).toThrow(/unknown parameter "flipRate".*Known parameters: .*flipBase/s);
    expect(() => make({ flipRate: 0.1 })).toThrow(/Agent "assistant"/);
  });

  it('reject a value out of range with an error that names the parameter', () => {
    expect(() => make({ flakeBase: 2 })).toThrow(/flakeBase/);
    expect(() => make({ tauGoal: 0 })).toThrow(/tauGoal/);
  });

  it('all have a default, and the defaults are what an empty params object gives', () => {
    expect(SyntheticParamsSchema.parse({})).toEqual(SYNTHETIC_DEFAULTS);
    expect(make({}).settings).toMatchObject({ kind: 'synthetic', ...SYNTHETIC_DEFAULTS });
    expect(Object.keys(SYNTHETIC_DEFAULTS)).toEqual(expect.arrayContaining([...BASE_HAZARDS]));
  });

  it('are set per agent: a clean instructor with a default solver fails only on the solver side', () => {
    const clean = { ...SYNTHETIC_DEFAULTS, flipBase: 0, flakeBase: 0, loopBase: 0, driftBase: 0 };
    let solverFailures = 0;
    for (let seed = 0; seed < 40; seed++) {
      const run = simulateCamel(TRADING, { seed, params: (id) => (id === 'user' ? clean : SYNTHETIC_DEFAULTS) });
      expect(run.messages.filter((m) => m.from === 'user').every((m) => m.truth.length === 0)).toBe(true);
      solverFailures += run.messages.filter((m) => m.from === 'assistant' && m.truth.length > 0).length;
    }
    expect(solverFailures).toBeGreaterThan(0);
  });
});
