import type { ChatMessage } from '../core/chat.ts';
import type { ModelError, ModelReply } from '../core/events.ts';
import type { AgentSpec, PolicySpec } from '../core/specs.ts';

/** One policy call: the whole context the model sees, nothing else. */
export interface PolicyRequest {
  readonly agent: string;
  /** Per-agent call index, 0-based; with `agent` it keys recorded replies. */
  readonly call: number;
  readonly messages: readonly ChatMessage[];
}

/** One attempt of a call; a call succeeded when its last attempt has a reply. */
export interface PolicyAttempt {
  readonly reply: ModelReply | null;
  readonly error: ModelError | null;
  /** Virtual backoff before the next attempt, in ms (recorded, never slept in replay). */
  readonly backoffMs: number | null;
}

/** The plain-data result of a call: every attempt, in order. */
export interface PolicyOutcome {
  readonly attempts: readonly PolicyAttempt[];
}

/** Settings that go into every `model.request` so a run says what produced it. */
export type PolicySettings = Record<string, string | number | boolean | null>;

/**
 * A policy turns a context into a reply. It performs effects (network) but its
 * result is plain data; the runner publishes it in a fixed order, never in
 * arrival order.
 */
export interface Policy {
  readonly kind: string;
  readonly settings: PolicySettings;
  decide(request: PolicyRequest): PolicyOutcome | Promise<PolicyOutcome>;
  close?(): Promise<void>;
}

/** What a policy factory gets besides its spec: the agent and its own seed (from the `agent:<id>` RNG stream). */
export interface PolicyContext {
  readonly agent: AgentSpec;
  readonly seed: number;
}

export type PolicyFactory<S extends PolicySpec = PolicySpec> = (spec: S, ctx: PolicyContext) => Policy;

/** Build a successful single-attempt outcome. */
export function replyOutcome(reply: ModelReply): PolicyOutcome {
  return { attempts: [{ reply, error: null, backoffMs: null }] };
}

/** A reply with no ground-truth labels and no model metadata. */
export function plainReply(content: string): ModelReply {
  return { content, truth: [], model: null, fingerprint: null, usage: null };
}

/** Message prefix of a `malformed` attempt whose reply arrived but did not parse (structured output). */
export const INVALID_OUTPUT_PREFIX = 'invalid output: ';

/** The reason a reply was unparseable, when that is what this attempt's error says; else null. */
export function invalidOutputReason(error: ModelError | null): string | null {
  return error && error.kind === 'malformed' && error.message.startsWith(INVALID_OUTPUT_PREFIX)
    ? error.message.slice(INVALID_OUTPUT_PREFIX.length)
    : null;
}
