import type { z } from 'zod';
import type { TerminationReason } from '../core/events.ts';
import type { AgentSpec, AgentSpecInput } from '../core/specs.ts';
import type { Rng } from '../determinism/rng.ts';

/** A message as the world sees it. */
export interface WorldMessage {
  readonly seq: number;
  readonly turn: number;
  readonly from: string;
  readonly to: string | null;
  readonly content: string;
}

/** How a run ended, typed. */
export interface Termination {
  readonly reason: TerminationReason;
  readonly detail: string;
}

/** What termination conditions and schedulers may look at. */
export interface WorldView<S> {
  readonly state: S;
  readonly turn: number;
  readonly messages: number;
  readonly last: WorldMessage | null;
  readonly progress: number;
  readonly agents: readonly string[];
}

/** A composable termination condition: null to go on, or the typed reason to stop. */
export type TerminationCondition<S> = (view: WorldView<S>) => Termination | null;

/** Picks who speaks this turn. Several speakers move simultaneously, applied in the returned order. */
export interface Scheduler<S> {
  readonly kind: string;
  next(view: WorldView<S>, rng: Rng): readonly string[];
}

/** The result of applying an action or a message to the environment. */
export interface EnvOutcome<S> {
  readonly state: S;
  /** Did anything change (an `env.update` is published only then, for messages). */
  readonly changed: boolean;
  /** For actions: did it succeed, and why not. */
  readonly ok: boolean;
  readonly reason: string | null;
  /** Feedback every agent sees as a message from `world` (e.g. the board after an action). */
  readonly note: string | null;
}

/**
 * A world: its parameters, its default agents, the instructions each agent is
 * given, an environment (state, zod-validated actions, goal progress in
 * [0, 1]), a scheduler and termination conditions.
 */
export interface WorldDefinition<P = any, S = any, A = any> {
  readonly kind: 'troupe.world';
  readonly id: string;
  readonly description: string;
  readonly params: z.ZodType<P, any>;
  /** Turn cap when the run config gives none. */
  readonly maxTurns: number;
  /** Fill parameters left open (e.g. pick a task) from the run's `world:params` stream; the result is recorded in the config. */
  resolveParams?(params: P, rng: Rng): P;
  agents(params: P): AgentSpecInput[];
  instructions(params: P, agentId: string): string;
  /** Replies for `--policy scripted`: a clean reference conversation, per agent id. */
  script?(params: P): Record<string, string[]>;
  init(params: P, rng: Rng): S;
  /** A note every agent sees before turn 1 (e.g. the initial board). */
  opening?(state: S): string | null;
  scheduler(params: P): Scheduler<S>;
  /** Who a message from `from` is addressed to (null = everyone). */
  addressee?(params: P, from: string): string | null;
  /** Actions: extracted from a reply's text, then validated by `actionSchema`. */
  readonly actionSchema?: z.ZodType<A, any>;
  parseAction?(content: string): unknown | null;
  apply?(state: S, action: A, agent: AgentSpec, rng: Rng): EnvOutcome<S>;
  /** The act a message performs (matched against role cards' `acts`); defaults to the parsed action's `type`. */
  actOf?(content: string): string | null;
  /** Effects of a message that is not an action (e.g. crediting a solved step). */
  onMessage?(state: S, message: WorldMessage, rng: Rng): EnvOutcome<S>;
  progress(state: S): number;
  termination(params: P): readonly TerminationCondition<S>[];
}
