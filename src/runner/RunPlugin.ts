import type { Bus } from '../bus/Bus.ts';
import type { RunConfig } from '../core/config.ts';
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
}
export type RunPlugin = (api: RunPluginApi) => void;
