import type { Bus } from '../bus/Bus.ts';
import { hashOf } from '../core/canonical.ts';
import type { RunConfig } from '../core/config.ts';
import type { EventInput } from '../core/events.ts';
import { RngStreams } from '../determinism/rng.ts';
import { defaultPlugins } from '../runner/defaultPlugins.ts';
import type { RunOptions } from '../runner/runWorld.ts';
import type { RunPlugin } from '../runner/RunPlugin.ts';
import type { WorldDefinition } from '../world/types.ts';
import { applyChange } from './forkChange.ts';
import type { ForkPoint, Parent } from './runFile.ts';

/**
 * A run's configurations over time. Phase 0 is the config the run started
 * under; each fork point starts a new phase with its change applied. The rule
 * for what a fork point changes, used by fork, resume and replay alike:
 *
 * - Events up to and including `at` are the parent's, byte for byte.
 * - A model call belongs to the side of its request: requests up to `at` get
 *   the recorded reply, later ones are answered by the new phase's policy.
 * - Every other decision taken once event `at` has been published uses the
 *   new phase: scheduler and world draws, turn and message caps, and
 *   monitor/mitigation reactions to event `at` and later.
 */
export class Phases {
  /** Seq of the last published event, kept current by the re-run's first subscriber. */
  last = -1;
  readonly configs: readonly RunConfig[];
  /** `at` of each phase after the first, ascending. */
  readonly starts: readonly number[];

  /**
   * `pluginsFor`: the plugins of a config, as the recording was made with them — the runner's `defaultPlugins`, or
   * a script's own (a monitor of its own, say) to replay, fork or resume a run that script made.
   */
  constructor(
    config: RunConfig,
    points: readonly ForkPoint[],
    world: WorldDefinition,
    private readonly pluginsFor: (config: RunConfig) => RunPlugin[] = defaultPlugins,
  ) {
    const configs = [config];
    const starts: number[] = [];
    for (const point of points) {
      configs.push(applyChange(configs.at(-1)!, point.change, world));
      starts.push(point.at);
    }
    this.configs = configs;
    this.starts = starts;
  }

  /** The phase of decisions taken after event `seq` was published. */
  after(seq: number): number {
    return phaseAfter(this.starts, seq);
  }

  /** The phase in force now. */
  get now(): number {
    return this.after(this.last);
  }

  /** The phase that answers the model call whose request is event `seq`. */
  ofRequest(seq: number): number {
    return this.after(seq - 1);
  }

  /**
   * Runner options that make the phases take effect: RNG streams that move to
   * a new seed, caps read per check, and plugins per phase. Each is left out
   * when no phase changes it (and the plugins are the runner's own), so an
   * unchanged re-run is a plain run.
   */
  runOptions(): Pick<RunOptions, 'streams' | 'limits' | 'plugins'> {
    const base = this.configs[0]!;
    const options: { -readonly [K in 'streams' | 'limits' | 'plugins']?: RunOptions[K] } = {};
    if (this.configs.some((c) => c.seed !== base.seed)) options.streams = new PhasedStreams(this);
    if (this.configs.some((c) => c.maxTurns !== base.maxTurns || c.maxMessages !== base.maxMessages)) {
      options.limits = () => this.configs[this.now]!;
    }
    const hash = hashOf(base);
    if (this.configs.some((c) => hashOf(c) !== hash)) options.plugins = this.plugins();
    else if (this.pluginsFor !== defaultPlugins) options.plugins = this.pluginsFor(base);
    return options;
  }

  /**
   * The monitors and mitigations of every phase whose config differs from the
   * one before. Each set observes the whole run from its first event (so a
   * monitor has its full window at the fork point), but only the set of the
   * phase in force may publish and guard; the others' publishes are dropped.
   */
  private plugins(): RunPlugin[] {
    const groups: { first: number; last: number; config: RunConfig }[] = [];
    this.configs.forEach((config, phase) => {
      const group = groups.at(-1);
      if (group && hashOf(group.config) === hashOf(config)) group.last = phase;
      else groups.push({ first: phase, last: phase, config });
    });
    return groups.map((group, index) => (api) => {
      const active = () => {
        const now = this.now;
        return now >= group.first && now <= group.last;
      };
      const bus = gatedBus(api.bus, active);
      const streams = index === 0 ? api.streams : new RngStreams(group.config.seed);
      const guard: typeof api.guard = (check) => api.guard((agent, act) => (active() ? check(agent, act) : null));
      for (const plugin of this.pluginsFor(group.config)) plugin({ bus, config: group.config, streams, guard });
    });
  }
}

/**
 * The phase of decisions taken after event `seq` was published, given each later phase's start (`at`, ascending):
 * decisions taken once event `at` is published belong to the new phase. Offline monitoring assigns flags by it.
 */
export function phaseAfter(starts: readonly number[], seq: number): number {
  let phase = 0;
  while (phase < starts.length && starts[phase]! <= seq) phase++;
  return phase;
}

/** The fork points a recorded run was made with: its parent's lineage, then its own fork point. */
export function forkPointsOf(parent: Parent | null): ForkPoint[] {
  if (!parent) return [];
  return [...(parent.lineage ?? []), { at: parent.at, change: parent.change }];
}

/** RNG streams that follow the phase in force: a new seed's streams from its fork point on. */
class PhasedStreams extends RngStreams {
  private readonly perPhase: RngStreams[] = [];

  constructor(private readonly phases: Phases) {
    super(phases.configs[0]!.seed);
    for (const config of phases.configs) {
      const previous = this.perPhase.at(-1);
      // An unchanged seed keeps its streams (and their positions) across a fork point.
      this.perPhase.push(previous && previous.seed === config.seed ? previous : new RngStreams(config.seed));
    }
  }

  override stream(name: string) {
    return this.perPhase[this.phases.now]!.stream(name);
  }

  override seedOf(name: string): number {
    return this.perPhase[this.phases.now]!.seedOf(name);
  }
}

/** The bus as a plugin sees it, with publishes dropped while `active()` is false. */
function gatedBus(bus: Bus, active: () => boolean): Bus {
  return new Proxy(bus, {
    get(target, prop) {
      if (prop === 'publish') {
        return (input: EventInput) => (active() ? target.publish(input) : { ...input, seq: -1, tick: -1 });
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
