import { loadMonitors } from '../registry.ts';
import { hashOf } from '../../core/canonical.ts';
import type { MonitorConfig } from '../../core/config.ts';
import { UserError } from '../../core/errors.ts';
import type { RunHeader, Seal } from '../../record/runFile.ts';
import { createMonitorSet, MONITORED_EVENT_TYPES, type MonitorSet } from '../createMonitorSet.ts';
import type { FlagInput } from '../defineMonitor.ts';
import { DEFAULT_MONITOR_CONFIG, withOverrides, type MonitorOverrides } from '../monitorConfigFromFlags.ts';
import { phaseAfter, recordedMonitorPhases, type MonitorPhases } from './recordedMonitorPhases.ts';
import { RunFileEvents } from './RunFileEvents.ts';

export interface MonitorRunFileOptions {
  /** `--monitors` / `--param`, applied on top of the config of every phase. */
  readonly overrides?: MonitorOverrides;
  /** Start from the defaults (all monitors, default thresholds) instead of the run's recorded monitor config. */
  readonly ignoreRecorded?: boolean;
  /** Called with each flag as it is raised, in the order the run raised them online. */
  readonly onFlag: (flag: FlagInput) => void;
}

/** What was read, for warnings and notes. */
export interface RunFileMonitoring {
  readonly header: RunHeader;
  /** The monitor config of each phase, overrides applied; one entry unless a fork changed the monitors. */
  readonly phases: MonitorPhases;
  readonly seal: Seal | null;
  readonly torn: boolean;
  /** The line number of data after the seal, which was not read (null: none). */
  readonly afterSeal: number | null;
  /** Event lines read. */
  readonly events: number;
  /** What is wrong with the file's line endings (CRLF), or null. */
  readonly lineEndings: string | null;
  readonly flags: number;
}

/**
 * Monitor a recorded run offline, streaming: events are read line by line and
 * each is forgotten once the monitors have seen it, so memory is the
 * monitors' windows, not the file. By default the monitors are configured as
 * the run recorded them, phase by phase for a fork that changed them — as
 * online, each phase's monitor set watches the run from its first event (a
 * full window at the fork point), and a flag counts only when raised while
 * its phase is in force — so the result equals the flags the run recorded.
 *
 * @example await monitorRunFile('runs/abc.jsonl', { onFlag: (f) => console.log(f.explanation) })
 */
export async function monitorRunFile(path: string, options: MonitorRunFileOptions): Promise<RunFileMonitoring> {
  const run = RunFileEvents.open(path, MONITORED_EVENT_TYPES);
  try {
    const recorded: MonitorPhases = options.ignoreRecorded
      ? { configs: [DEFAULT_MONITOR_CONFIG], starts: [], changes: [] }
      : await recordedMonitorPhases(run.header);
    const overrides = options.overrides ?? { params: {} };
    const phases = { ...recorded, configs: recorded.configs.map((c) => withOverrides(c, overrides)) };
    // Monitor modules the run recorded (by absolute path), or that the overrides name.
    await loadMonitors(phases.configs.flatMap((c) => c.enabled ?? []));
    const groups = groupPhases(phases.configs, path, options.ignoreRecorded === true);
    let flags = 0;
    for (const event of run) {
      const phase = phaseAfter(phases.starts, event.seq);
      for (const group of groups) {
        // Every set sees every event (its state must follow the run); only the set in force reports.
        const raised = group.set.onEvent(event);
        if (phase < group.first || phase > group.last) continue;
        for (const flag of raised) {
          flags++;
          options.onFlag(flag);
        }
      }
    }
    return { header: run.header, phases, seal: run.seal, torn: run.torn, afterSeal: run.afterSeal, events: run.count, lineEndings: run.lineEndings, flags };
  } finally {
    run.close();
  }
}

/**
 * Consecutive phases with the same monitor config share one monitor set.
 * Online, `Phases` groups by the whole run config, so a fork that changed only
 * the policy starts a second set there; it is the same pure function of the
 * same events as the first, so one set gives the same flags.
 */
function groupPhases(configs: readonly MonitorConfig[], path: string, ignoreRecorded: boolean): { first: number; last: number; set: MonitorSet }[] {
  const groups: { first: number; last: number; hash: string; set: MonitorSet }[] = [];
  configs.forEach((config, phase) => {
    const hash = hashOf(config);
    const last = groups.at(-1);
    if (last && last.hash === hash) {
      last.last = phase;
      return;
    }
    groups.push({ first: phase, last: phase, hash, set: createSet(config, path, ignoreRecorded) });
  });
  return groups;
}

function createSet(config: MonitorConfig, path: string, ignoreRecorded: boolean): MonitorSet {
  try {
    return createMonitorSet(config);
  } catch (error) {
    if (!(error instanceof UserError) || ignoreRecorded) throw error;
    throw new UserError(`${path}: the run's recorded monitor config (with your overrides) is not usable here: ${error.message}; give --ignore-recorded to start from the defaults.`);
  }
}
