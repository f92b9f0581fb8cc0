import type { MonitorConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import { Phases, forkPointsOf } from '../../record/phases.ts';

export { phaseAfter } from '../../record/phases.ts';
import type { ForkPoint, RunHeader } from '../../record/runFile.ts';
import { resolveRecordedWorld } from '../../world/resolveWorld.ts';

/**
 * The monitor configs a recorded run ran with: one per phase (phase 0 is the
 * header's config; each fork point starts the next), as `Phases` rebuilds
 * them for replay. A flag raised on event `seq` belongs to phase `phaseAfter(starts, seq)`.
 */
export interface MonitorPhases {
  readonly configs: readonly MonitorConfig[];
  /** `at` of each phase after the first, ascending. */
  readonly starts: readonly number[];
  /** The fork points whose change touched the monitors (for notes). */
  readonly changes: readonly ForkPoint[];
}

/** Keys of a fork change that concern monitors (`monitors`, `monitor.<name>.<param>`); see FORK_SET_KEYS. */
function monitorKeys(change: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(change).filter(([k]) => k === 'monitors' || k.startsWith('monitor.')));
}

/**
 * Rebuild the monitor config in force in each phase of a recorded run. Only
 * the monitor keys of each fork change are applied (a policy or mitigation
 * change does not alter what the monitors see), through the same
 * `applyChange` that fork and replay use; the world is loaded only when some
 * fork point changed the monitors, since `applyChange` takes it.
 *
 * @example const { configs, starts } = await recordedMonitorPhases(RunFileEvents.open(file).header);
 */
export async function recordedMonitorPhases(header: RunHeader): Promise<MonitorPhases> {
  const points = forkPointsOf(header.parent);
  const monitorPoints = points.map((p) => ({ at: p.at, change: monitorKeys(p.change) }));
  const changes = monitorPoints.filter((p) => Object.keys(p.change).length > 0);
  // No fork changed the monitors: one config for the whole run, and no world to load.
  if (changes.length === 0) return { configs: [header.config.monitors], starts: [], changes };
  let world;
  try {
    world = await resolveRecordedWorld(header.config.world);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    throw new UserError(
      `${error.message}\nThe world is needed to rebuild the monitor config this fork changed (${changes.map((c) => `after seq ${c.at}`).join(', ')}); ` +
        'give --ignore-recorded (with --monitors and --param as needed) to monitor with an explicit config instead.',
    );
  }
  const phases = new Phases(header.config, monitorPoints, world.world);
  return { configs: phases.configs.map((c) => c.monitors), starts: phases.starts, changes };
}
