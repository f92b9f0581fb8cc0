import { loadedMonitorNamed } from './monitorModules.ts';
import type { MonitorConfig } from '../core/config.ts';
import type { RunEvent } from '../core/events.ts';
import { UserError } from '../core/errors.ts';
import { Conversation } from './Conversation.ts';
import type { Finding, FlagInput, MonitorRun, MonitorSpec } from './defineMonitor.ts';
import { DEFAULT_MONITORS, isBuiltInMonitor, monitorSpec, resolveParams } from './registry.ts';
import { guardedMonitor } from './guardedMonitor.ts';

/** The monitors of one run: feed it every bus event in seq order, publish what it returns. */
export interface MonitorSet {
  /** Names of the monitors that run, in order. */
  readonly names: readonly string[];
  /** Flags raised by this event (often none). Pure given the events so far; cost bounded by the window. */
  onEvent(event: RunEvent): FlagInput[];
}

/** A monitor config as users write it: both fields optional. */
export type MonitorConfigInput = Partial<MonitorConfig>;

/** Messages kept in the shared window: the horizon of every near-duplicate and relevance check. */
export const MONITOR_WINDOW = 16;

/**
 * The event types a monitor set reacts to (the cases of `onEvent` below); it
 * ignores every other event without a change of state, so offline readers may
 * skip the lines of other types (model requests, the bulk of a run file) unparsed.
 */
export const MONITORED_EVENT_TYPES: ReadonlySet<string> = new Set<RunEvent['type']>(['agent.spawn', 'message', 'env.update']);

/**
 * Create the monitors of one run from its config, plus `extra` monitors of
 * your own (made with `defineMonitor`, run with their default parameters
 * after the configured ones; a script passes them, e.g. through
 * `monitorPlugin`). Unknown monitor names and parameters are UserErrors that
 * name them. Truth events are ignored (they are the answer key), as are flags
 * and interventions.
 *
 * @example
 * const set = createMonitorSet({ enabled: ['role-flip'], params: { 'role-flip': { minScore: 0.7 } } });
 * for (const e of events) for (const flag of set.onEvent(e)) bus.publish(flag);
 */
export function createMonitorSet(config: MonitorConfigInput = {}, extra: readonly MonitorSpec[] = []): MonitorSet {
  const names = config.enabled ?? DEFAULT_MONITORS;
  const params = config.params ?? {};
  // Monitor modules are named by path in `enabled`, and their thresholds by the name they declare.
  const enabled = [...new Set(names)];
  const builtIn = enabled.map(monitorSpec);
  const byName = (name: string) => builtIn.find((s) => s.name === name) ?? extra.find((s) => s.name === name) ?? loadedMonitorNamed(name)?.spec ?? monitorSpec(name);
  // Every override is checked, also those of monitors not enabled: a typo or an out-of-range value is never silently ignored.
  for (const [name, values] of Object.entries(params)) resolveParams(byName(name), values);
  for (const spec of extra) {
    if ([...builtIn, ...extra].filter((s) => s.name === spec.name).length > 1) throw new UserError(`Two monitors are named "${spec.name}": give yours another name.`);
  }
  // Monitors of the user's (modules, and those handed in) have their mistakes named as theirs.
  const specs = [...builtIn.map((spec, i) => (isBuiltInMonitor(spec.name) ? spec : guardedMonitor(spec, enabled[i]!))), ...extra.map((spec) => guardedMonitor(spec, null))];
  const runs: { name: string; run: MonitorRun }[] = specs.map((spec) => ({
    name: spec.name,
    run: spec.create(resolveParams(spec, params[spec.name])),
  }));
  const conv = new Conversation(MONITOR_WINDOW);
  // One repeat threshold for every monitor's "that's the loop monitor's" rule: the loop monitor's own.
  const loop = monitorSpec('infinite-loop');
  conv.repeatThreshold = resolveParams(loop, params['infinite-loop']).repeat ?? conv.repeatThreshold;

  const collect = (out: FlagInput[], name: string, f: Finding | null): void => {
    if (f) out.push({ type: 'flag', monitor: name, ...f });
  };

  return {
    names: specs.map((s) => s.name),
    onEvent(event) {
      const out: FlagInput[] = [];
      switch (event.type) {
        case 'agent.spawn':
          conv.addAgent(event);
          break;
        case 'message': {
          const m = conv.addMessage(event);
          if (m.agent) for (const { name, run } of runs) collect(out, name, run.onMessage?.(m, conv) ?? null);
          break;
        }
        case 'env.update':
          conv.onEnv(event);
          for (const { name, run } of runs) collect(out, name, run.onEnv?.(event, conv) ?? null);
          break;
        default:
          break;
      }
      return out;
    },
  };
}
