import { UserError } from '../core/errors.ts';
import { OpenAIPolicySpecSchema, type AgentSpecInput } from '../core/specs.ts';

/**
 * `agents` with the model and server that the environment chooses for the openai policy (`TROUPE_MODEL`,
 * `OPENAI_BASE_URL`) written into the specs that leave them open. Done where a new run is configured (`troupe run`,
 * a sweep's plan), so its config — recorded, and hashed into its run id — names the model it talks to: a sweep with
 * another model plans other runs instead of reusing these, and a resume keeps talking to the model the run began
 * with. (Replay and fork read recorded configs as they are.)
 *
 * @example withModelFromEnvironment(agents) // [{ …, policy: { kind: 'openai', model: 'llama3', baseUrl: 'http://127.0.0.1:8000/v1', … } }]
 */
export function withModelFromEnvironment<A extends AgentSpecInput>(agents: readonly A[], env: NodeJS.ProcessEnv = process.env): A[] {
  const model = env['TROUPE_MODEL'] || null;
  const baseUrl = env['OPENAI_BASE_URL'] || null;
  const usesIt = agents.some((a) => a.policy?.kind === 'openai' && a.policy.baseUrl == null);
  // Checked as the spec's own field would be, but named as the variable (and never echoed: it may hold credentials).
  const checked = baseUrl !== null && usesIt ? OpenAIPolicySpecSchema.shape.baseUrl.safeParse(baseUrl) : null;
  if (checked && !checked.success) {
    throw new UserError(`OPENAI_BASE_URL: ${checked.error.issues[0]!.message.replace(/\.$/, '')} (it is the server of the agents on the openai policy whose spec names none).`);
  }
  return agents.map((agent) => {
    const policy = agent.policy;
    if (policy?.kind !== 'openai') return agent;
    const open = { ...(policy.model == null && model && { model }), ...(policy.baseUrl == null && baseUrl && { baseUrl }) };
    return Object.keys(open).length ? { ...agent, policy: { ...policy, ...open } } : agent;
  });
}
