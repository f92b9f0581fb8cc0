import { z } from 'zod';
import { ChatMessageSchema } from './chat.ts';
import { GoalSchema, RoleCardSchema } from './specs.ts';

/**
 * The event vocabulary of a run (DESIGN.md §3). Every event is plain JSON:
 * no classes, no Dates, `null` instead of `undefined`. The bus stamps `seq`
 * (global order) and `tick` (virtual time = turn number); producers publish
 * the payload only (`EventInput`).
 */

export const FailureKindSchema = z.enum(['role-flip', 'flake', 'loop', 'drift']);
export type FailureKind = z.infer<typeof FailureKindSchema>;

export const TerminationReasonSchema = z.enum([
  'done',
  'goal-reached',
  'max-turns',
  'max-messages',
  'budget',
  'error',
  'stopped-by-monitor',
  'stopped-by-mitigation',
]);
export type TerminationReason = z.infer<typeof TerminationReasonSchema>;

export const EvidenceSchema = z.object({ seq: z.number().int(), excerpt: z.string() });
export type Evidence = z.infer<typeof EvidenceSchema>;

export const ModelErrorSchema = z.object({
  kind: z.enum(['http', 'timeout', 'network', 'malformed', 'budget', 'miss']),
  status: z.number().int().nullable(),
  message: z.string(),
  retryAfterMs: z.number().nullable(),
});
export type ModelError = z.infer<typeof ModelErrorSchema>;

export const TruthLabelSchema = z.object({ kind: FailureKindSchema, detail: z.string() });
export type TruthLabel = z.infer<typeof TruthLabelSchema>;

export const ModelReplySchema = z.object({
  content: z.string(),
  /** Failures the synthetic policy injected into this reply (empty for real models). */
  truth: z.array(TruthLabelSchema),
  model: z.string().nullable(),
  fingerprint: z.string().nullable(),
  usage: z.object({ promptTokens: z.number().int(), completionTokens: z.number().int() }).nullable(),
  /** Why the server stopped (`stop`, `length` — cut short —, `tool_calls`, `content_filter`…); absent for the synthetic policy. */
  finishReason: z.string().nullable().optional(),
  /** The model's refusal, when it sent one instead of content (`message.refusal`); the content is then empty. */
  refusal: z.string().optional(),
  /** Tool calls the model asked for instead of (or beside) content: troupe offers no tools, so they are only counted. */
  toolCalls: z.number().int().optional(),
});
export type ModelReply = z.infer<typeof ModelReplySchema>;

const payloads = [
  z.object({ type: z.literal('run.start'), runId: z.string(), world: z.string(), seed: z.number().int(), agents: z.array(z.string()) }),
  z.object({ type: z.literal('agent.spawn'), agent: z.string(), role: RoleCardSchema, goal: GoalSchema, policy: z.string() }),
  z.object({ type: z.literal('turn.start'), turn: z.number().int(), speakers: z.array(z.string()) }),
  z.object({ type: z.literal('agent.state'), agent: z.string(), from: z.string(), to: z.string(), cause: z.string() }),
  z.object({
    type: z.literal('model.request'),
    agent: z.string(),
    call: z.number().int(),
    /** Fingerprint of the full request messages (`requestHashOf`: per-entry SHA-256s, hashed; format 1 hashed the whole array). */
    requestHash: z.string(),
    /**
     * The request, delta-encoded against this agent's previous request (the
     * context is a sliding window): the system prompt when it changed (always
     * on the first call), how many conversation entries fell off the front,
     * and the entries added at the end. `requestMessages` rebuilds the full
     * request; its hash must equal `requestHash`.
     */
    system: z.string().nullable(),
    drop: z.number().int().nonnegative(),
    add: z.array(ChatMessageSchema),
    settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  }),
  z.object({
    type: z.literal('model.response'),
    agent: z.string(),
    call: z.number().int(),
    attempt: z.number().int(),
    reply: ModelReplySchema.nullable(),
    error: ModelErrorSchema.nullable(),
    /** Virtual milliseconds the policy asked to wait before the next attempt (backoff); never wall time. */
    backoffMs: z.number().nullable(),
  }),
  z.object({ type: z.literal('model.invalid_output'), agent: z.string(), call: z.number().int(), reason: z.string() }),
  z.object({ type: z.literal('message'), from: z.string(), to: z.string().nullable(), content: z.string() }),
  z.object({ type: z.literal('action'), agent: z.string(), action: z.unknown() }),
  z.object({ type: z.literal('action.result'), agent: z.string(), ok: z.boolean(), reason: z.string().nullable() }),
  z.object({ type: z.literal('env.update'), digest: z.string(), progress: z.number().min(0).max(1), note: z.string().nullable() }),
  z.object({
    type: z.literal('flag'),
    monitor: z.string(),
    agent: z.string().nullable(),
    span: z.object({ start: z.number().int(), end: z.number().int() }),
    score: z.number(),
    severity: z.enum(['info', 'warning', 'critical']),
    evidence: z.array(EvidenceSchema),
    explanation: z.string(),
  }),
  z.object({
    type: z.literal('intervention'),
    mitigation: z.string(),
    agent: z.string().nullable(),
    /** What the mitigation did: a context note, a blocked action, a stop. */
    kind: z.enum(['note', 'block', 'stop']),
    content: z.string(),
    trigger: z.string(),
  }),
  z.object({ type: z.literal('truth'), agent: z.string(), kind: FailureKindSchema, call: z.number().int(), detail: z.string() }),
  z.object({
    type: z.literal('run.end'),
    reason: TerminationReasonSchema,
    detail: z.string(),
    turns: z.number().int(),
    messages: z.number().int(),
    progress: z.number(),
  }),
] as const;

export const EventInputSchema = z.discriminatedUnion('type', payloads);
/** An event as a producer publishes it (without `seq` and `tick`). */
export type EventInput = z.infer<typeof EventInputSchema>;

const stamp = { seq: z.number().int().nonnegative(), tick: z.number().int().nonnegative() };
export const RunEventSchema = z.discriminatedUnion(
  'type',
  payloads.map((p) => p.extend(stamp)) as unknown as [
    (typeof payloads)[number],
    ...(typeof payloads)[number][],
  ],
);
/** An event as recorded: payload plus `seq` and `tick`. */
export type RunEvent = EventInput & { seq: number; tick: number };
export type EventType = RunEvent['type'];
export type EventOf<T extends EventType> = Extract<RunEvent, { type: T }>;
export type EventInputOf<T extends EventType> = Extract<EventInput, { type: T }>;
