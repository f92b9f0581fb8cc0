import type { RunEvent } from '../../core/events.ts';
import { deriveSeed } from '../../determinism/rng.ts';
// Importing the synthetic policy's index registers it with createPolicy.
import { BASE_HAZARDS } from '../../policies/synthetic/index.ts';
import { resolveRunConfig } from '../../runner/resolveRunConfig.ts';
import { runWorld } from '../../runner/runWorld.ts';
import { resolveWorld } from '../../world/resolveWorld.ts';
import { createMonitorSet, type MonitorConfigInput } from '../createMonitorSet.ts';
import { monitorEvents } from '../monitorEvents.ts';
import { emptyTally, scoreOf, scoreRun, type MonitorScore, type Tally } from './scoreRun.ts';
import { truthEpisodes } from './truthEpisodes.ts';

export interface SyntheticCorpusOptions {
  /** Number of runs (half of them clean); at least 2. */
  readonly runs: number;
  readonly seed: number;
  /** Worlds to alternate between. */
  readonly worlds?: readonly string[];
  /** Which monitors to score, with threshold overrides. */
  readonly monitors?: MonitorConfigInput;
  /** Called after each run (progress output). */
  readonly onRun?: (done: number, total: number) => void;
}

/** What `eval monitors` reports: figures per monitor and what the corpus held. */
export interface EvalReport {
  readonly monitors: Record<string, MonitorScore>;
  readonly corpus: {
    readonly runs: number;
    readonly cleanRuns: number;
    readonly turns: number;
    readonly cleanTurns: number;
    /** Truth episodes per failure kind. */
    readonly episodes: Record<string, number>;
  };
}

/**
 * Generate a labelled corpus with the synthetic policy and score the monitors
 * on it. Run i uses world `worlds[i mod w]` and seed `deriveSeed(seed,
 * "eval-monitors:i")`; every other pass over the worlds is clean (all four
 * base hazards 0 for every agent), so half the runs are clean and both
 * worlds are covered evenly. Monitors run offline over each run's events
 * (the same code as online); truth events give the answer key (see
 * `scoreRun` for the matching rule).
 *
 * @example const report = await evalSyntheticCorpus({ runs: 200, seed: 1 });
 */
export async function evalSyntheticCorpus(options: SyntheticCorpusOptions): Promise<EvalReport> {
  const worlds = options.worlds ?? ['camel-roleplay', 'relay'];
  const monitorConfig = options.monitors ?? {};
  const names = createMonitorSet(monitorConfig).names;
  const resolved = new Map(await Promise.all(worlds.map(async (w) => [w, await resolveWorld(w)] as const)));
  const tallies: Record<string, Tally> = Object.fromEntries(names.map((n) => [n, emptyTally()]));
  const episodes: Record<string, number> = {};
  let turns = 0;
  let cleanTurns = 0;
  let cleanRuns = 0;
  const total = Math.max(2, options.runs);
  for (let i = 0; i < total; i++) {
    const worldId = worlds[i % worlds.length]!;
    const world = resolved.get(worldId)!;
    const clean = Math.floor(i / worlds.length) % 2 === 1;
    const seed = deriveSeed(options.seed, `eval-monitors:${i}`);
    const base = resolveRunConfig({ world: worldId, seed }, world.world);
    const hazardsOff = Object.fromEntries(BASE_HAZARDS.map((h) => [h, 0]));
    const config = {
      ...base,
      agents: base.agents.map((a) => ({ ...a, policy: { kind: 'synthetic' as const, params: clean ? hazardsOff : {} } })),
      // Monitors are scored offline below; the run itself needs none.
      monitors: { enabled: [], params: {} },
    };
    const events: RunEvent[] = [];
    const result = await runWorld({ config, world, out: null, onEvent: (e) => events.push(e) });
    const flags = monitorEvents(events, monitorConfig);
    const camel = events.some((e) => e.type === 'agent.spawn' && e.role.acts.includes('instruct'));
    scoreRun(events, flags, names, tallies, { active: (m) => m !== 'camel-rules' || camel, clean });
    turns += result.turns;
    if (clean) {
      cleanRuns++;
      cleanTurns += result.turns;
    }
    for (const ep of truthEpisodes(events)) episodes[ep.kind] = (episodes[ep.kind] ?? 0) + 1;
    options.onRun?.(i + 1, total);
  }
  return {
    monitors: Object.fromEntries(names.map((n) => [n, scoreOf(tallies[n]!)])),
    corpus: { runs: total, cleanRuns, turns, cleanTurns, episodes },
  };
}
