import type { RunConfig } from '../core/config.ts';
import type { RunEvent } from '../core/events.ts';
import type { Goal, RoleCard } from '../core/specs.ts';
import type { ActGuard } from '../runner/RunPlugin.ts';

/** The vocabulary of mitigations: what one is given, what it may do, how it is declared. */

/** A mitigation parameter as configs and the CLI carry it. */
export type ParamValue = number | string | boolean;

/** An agent as a mitigation learns it from `agent.spawn`: id, role card and goal. */
export interface TeamMember {
  readonly id: string;
  readonly role: RoleCard;
  readonly goal: Goal;
}

/**
 * What a mitigation may do during a run. Everything it does is an
 * `intervention` event the runner understands — a note enters agents'
 * contexts, a stop ends the run, a guard refuses acts — so it can never reach
 * into a policy.
 */
export interface MitigationApi {
  /** The name recorded in its interventions (the mitigation's kind). */
  readonly name: string;
  readonly config: RunConfig;
  /** The agents, in spawn order, filled as `agent.spawn` events arrive. */
  readonly team: ReadonlyMap<string, TeamMember>;
  /** Put a system note into the context of `agent` (null: every agent). */
  note(agent: string | null, content: string, trigger: string): void;
  /** End the run with reason `stopped-by-mitigation`. */
  stop(content: string, trigger: string): void;
  /** Refuse acts (the runner sends a refused act back with the reason; see `RunPluginApi.guard`). */
  guard(check: ActGuard): void;
}

/** Reacts to one bus event. Mitigations never see `truth` events: that is the answer key. */
export type MitigationHandler = (event: RunEvent) => void;

/** A mitigation kind: its parameters (validated) and what it does in one run. */
export interface MitigationDefinition<P = unknown> {
  readonly kind: string;
  /** One line for `--help` and docs. */
  readonly summary: string;
  /** One line per parameter: what it means and its default. */
  readonly params: Readonly<Record<string, string>>;
  /** True when it acts only through notes on a schedule, so a placebo can copy that schedule. */
  readonly notesOnly: boolean;
  /** Validate raw parameters; a UserError names the mitigation and the parameter. */
  parse(raw: Readonly<Record<string, ParamValue>>): P;
  /** The monitors whose flags it acts on with these parameters (none: it acts on a schedule or on acts only). */
  reactsTo?(params: P): readonly string[];
  /** Set up one run; return the handler for its events (null when it only installs a guard). */
  create(params: P, api: MitigationApi): MitigationHandler | null;
}
