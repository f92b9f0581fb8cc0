import type { Bus } from '../bus/Bus.ts';
import type { RunConfig } from '../core/config.ts';
import type { AgentSpec } from '../core/specs.ts';
import type { RngStreams } from '../determinism/rng.ts';

/**
 * Something that rides along a run on its bus: monitors, mitigations. It sees
 * every event in seq order and may publish (its publishes are queued, never
 * delivered depth-first). It acts on agents only through events the runner
 * understands (an `intervention` note enters agents' contexts; a `stop` ends
 * the run), so a mitigation can never reach into a policy.
 */
export interface RunPluginApi {
  readonly bus: Bus;
  readonly config: RunConfig;
  readonly streams: RngStreams;
  /** Install a guard on agents' acts (e.g. the role guard): a refused act is sent back with the reason. */
  guard(check: ActGuard): void;
}

/** Why an act was refused, and by whom (recorded as an `intervention` of kind `block`). */
export interface Refusal {
  readonly by: string;
  readonly reason: string;
}

/** Inspect the act an agent's reply performs; return a refusal to send it back. */
export type ActGuard = (agent: AgentSpec, act: string) => Refusal | null;
export type RunPlugin = (api: RunPluginApi) => void;
