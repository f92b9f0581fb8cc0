import { z } from 'zod';

/** A role card: who the agent is, what it must do and what it must never do. */
export const RoleCardSchema = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  duties: z.array(z.string().min(1)).min(1),
  forbidden: z.array(z.string().min(1)),
  /** Machine-readable acts this role owns (e.g. `instruct`, `solve`, `plan`); worlds and monitors judge role flips against them. */
  acts: z.array(z.string().min(1)).min(1),
});
export type RoleCard = z.infer<typeof RoleCardSchema>;

/** The explicit goal an agent holds for its whole life. */
export const GoalSchema = z.object({
  statement: z.string().min(1),
  successCriteria: z.array(z.string().min(1)),
});
export type Goal = z.infer<typeof GoalSchema>;

/** Synthetic-policy parameters are validated by the synthetic policy itself; here they are only numbers by name. */
export const SyntheticPolicySpecSchema = z.object({
  kind: z.literal('synthetic'),
  params: z.record(z.string(), z.number()).default({}),
});

export const ScriptedPolicySpecSchema = z.object({
  kind: z.literal('scripted'),
  /** Replies in call order; when they run out the last one repeats. */
  replies: z.array(z.string()).min(1),
});

export const OpenAIPolicySpecSchema = z.object({
  kind: z.literal('openai'),
  model: z.string().nullable().default(null),
  /** Server base URL, e.g. http://127.0.0.1:8000/v1; never with credentials in it. */
  baseUrl: z
    .url({ abort: true })
    .refine((u) => /^https?:$/.test(urlOf(u)?.protocol ?? ''), 'the base URL must be http:// or https://')
    .refine((u) => !urlOf(u)?.username && !urlOf(u)?.password, 'the base URL must not carry credentials; name an environment variable with apiKeyEnv')
    // The client appends /chat/completions to the base URL, after any query; and a query may hold a key, which would
    // be recorded in the run's header.
    .refine((u) => !urlOf(u)?.search && !urlOf(u)?.hash, 'the base URL must not carry a query (?…) or fragment (#…)')
    .nullable()
    .default(null),
  /** NAME of the environment variable holding the key (default OPENAI_API_KEY); the key itself is never in a spec. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'apiKeyEnv takes the NAME of an environment variable (e.g. OPENAI_API_KEY), not the key')
    .nullable()
    .default(null),
  temperature: z.number().min(0).max(2).nullable().default(null),
  topP: z.number().min(0).max(1).nullable().default(null),
  seed: z.number().int().nullable().default(null),
  maxTokens: z.number().int().positive().nullable().default(null),
  /** Attempts per call, first included (troupe's retry policy; the SDK's retries are off). Null = 4. */
  maxAttempts: z.number().int().min(1).max(20).nullable().default(null),
  /** Per-attempt timeout in ms. Null = 60,000. */
  timeoutMs: z.number().int().positive().nullable().default(null),
  /** A server asking (retry-after) for a longer wait than this fails the call. Null = 60,000. */
  maxRetryAfterMs: z.number().int().nonnegative().nullable().default(null),
  /** Ask for an SSE stream and assemble it (the recorded reply is the same). */
  stream: z.boolean().default(false),
});

export const PolicySpecSchema = z.discriminatedUnion('kind', [
  SyntheticPolicySpecSchema,
  ScriptedPolicySpecSchema,
  OpenAIPolicySpecSchema,
]);
export type PolicySpec = z.infer<typeof PolicySpecSchema>;
export type PolicyKind = PolicySpec['kind'];

export const AgentIdSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'an agent id starts with a letter and holds letters, digits, _ or -');
export type AgentId = z.infer<typeof AgentIdSchema>;

/** Everything needed to instantiate one agent. */
export const AgentSpecSchema = z.object({
  id: AgentIdSchema,
  role: RoleCardSchema,
  goal: GoalSchema,
  policy: PolicySpecSchema.default({ kind: 'synthetic', params: {} }),
});
export type AgentSpec = z.infer<typeof AgentSpecSchema>;
export type AgentSpecInput = z.input<typeof AgentSpecSchema>;

/** `text` as a URL, or null (zod's url check has already failed for it and said so). */
function urlOf(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/** Does `agent` use the synthetic policy (the default when it names none)? */
export function isSynthetic(agent: Pick<AgentSpecInput, 'policy'>): boolean {
  return (agent.policy?.kind ?? 'synthetic') === 'synthetic';
}

/**
 * Does a run of these agents talk to a live model (the openai policy)? Its replies differ on every call and cost
 * money: its recording is never run over, and an unfinished one is resumed rather than run afresh.
 */
export function usesLiveModel(config: { readonly agents: readonly Pick<AgentSpecInput, 'policy'>[] }): boolean {
  return config.agents.some((a) => a.policy?.kind === 'openai');
}
