import type { PolicySpec } from '../../core/specs.ts';
import { replyOutcome, type Policy, type PolicyFactory } from '../Policy.ts';
import { parseSyntheticParams } from './params.ts';
import { SYNTHETIC_MODEL, syntheticReply } from './syntheticReply.ts';

type SyntheticSpec = Extract<PolicySpec, { kind: 'synthetic' }>;

/**
 * The embedded default policy: a seeded simulated LLM with documented failure
 * dynamics (see README.md in this folder). It uses only `spec.params`, the
 * agent's seed and each request; it never reads the agent's role card or goal
 * from `ctx.agent`, because a model only knows what its context says.
 * Unknown or invalid parameters are a `UserError` naming the parameter.
 *
 * @example createSyntheticPolicy({ kind: 'synthetic', params: { flakeBase: 0.2 } }, { agent, seed: 7 })
 */
export const createSyntheticPolicy: PolicyFactory<SyntheticSpec> = (spec, ctx): Policy => {
  const params = parseSyntheticParams(spec.params, `Agent "${ctx.agent.id}": synthetic policy params`);
  const settings: Policy['settings'] = { kind: 'synthetic', model: SYNTHETIC_MODEL };
  for (const [k, v] of Object.entries(params)) settings[k] = v;
  return {
    kind: 'synthetic',
    settings,
    decide: (request) => replyOutcome(syntheticReply(request.messages, params, ctx.seed, request.agent, request.call)),
  };
};
