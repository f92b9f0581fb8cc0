import { describe, expect, it } from 'vitest';
import { camelAgents } from '../../agents/camelAgents.ts';
import { camelTasks } from '../../agents/camelTasks.ts';
import { AgentSpecSchema } from '../../src/core/specs.ts';
import { createSyntheticPolicy, SYNTHETIC_DEFAULTS, syntheticReply } from '../../src/policies/synthetic/index.ts';
import { lateContext, TRADING } from './contexts.ts';

describe('createSyntheticPolicy', () => {
  it('answers from the request, its params and its seed only, never from the agent spec', () => {
    const messages = lateContext(TRADING, 'assistant', 8);
    const trading = AgentSpecSchema.parse(camelAgents(TRADING)[1]!);
    const other = AgentSpecSchema.parse(camelAgents(camelTasks[2]!)[0]!);
    for (let call = 0; call < 10; call++) {
      const a = createSyntheticPolicy({ kind: 'synthetic', params: {} }, { agent: trading, seed: 42 }).decide({ agent: 'assistant', call, messages });
      const b = createSyntheticPolicy({ kind: 'synthetic', params: {} }, { agent: other, seed: 42 }).decide({ agent: 'assistant', call, messages });
      expect(b).toEqual(a);
      expect(a).toEqual({ attempts: [{ reply: syntheticReply(messages, SYNTHETIC_DEFAULTS, 42, 'assistant', call), error: null, backoffMs: null }] });
    }
  });

  it('reports its model name and resolved parameters in its settings', () => {
    const agent = AgentSpecSchema.parse(camelAgents(TRADING)[0]!);
    const policy = createSyntheticPolicy({ kind: 'synthetic', params: { flakeBase: 0.2 } }, { agent, seed: 1 });
    expect(policy.kind).toBe('synthetic');
    expect(policy.settings).toMatchObject({ model: 'troupe-synthetic-1', flakeBase: 0.2, tauGoal: SYNTHETIC_DEFAULTS.tauGoal });
  });
});
