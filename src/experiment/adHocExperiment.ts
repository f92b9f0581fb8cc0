import { basename, resolve } from 'node:path';
import { hashOf } from '../core/canonical.ts';
import { worldRefOf } from '../world/index.ts';
import type { Arm } from '../mitigations/index.ts';
import { defineExperiment, type Experiment } from './defineExperiment.ts';
import type { SeedsInput } from './Experiment.ts';

/** What `troupe sweep --world … --arms … --seeds …` says. */
export interface AdHocSweep {
  readonly world: string;
  readonly arms: readonly Arm[];
  readonly seeds: SeedsInput;
  readonly params?: Record<string, unknown>;
  readonly synthetic?: Record<string, number>;
  readonly perAgent?: Record<string, Record<string, number>>;
  /** An agents file (role cards, goals, policies for the world's agent ids). */
  readonly agents?: string;
  readonly window?: number;
  readonly maxTurns?: number;
  readonly maxMessages?: number;
  readonly baseline?: string;
  readonly monitors?: readonly string[] | null;
}

/**
 * An experiment from command-line flags: one world (one instance, its
 * parameters as given — a parameter left open, like camel's task, is drawn
 * per seed), one agent configuration, the arms and seeds. Its name, and so
 * its directory, is `sweep-<world>-<hash>` of everything but the seeds, so
 * re-running with more seeds reuses the runs already recorded.
 *
 * @example adHocExperiment({ world: 'camel-roleplay', arms: parseArms('none,goal-reinject:k=4'), seeds: '1..200' })
 */
export function adHocExperiment(sweep: AdHocSweep): Experiment {
  const design = {
    // As the runs record it (a module by its absolute path): the same world however it was typed, and two modules
    // both typed ./coin.ts from different folders never share a directory.
    world: worldRefOf(sweep.world),
    arms: sweep.arms.map((a) => ({ name: a.name, mitigations: a.mitigations })),
    params: sweep.params ?? {},
    synthetic: sweep.synthetic ?? {},
    perAgent: sweep.perAgent ?? {},
    agents: sweep.agents === undefined ? null : resolve(sweep.agents),
    window: sweep.window ?? null,
    maxTurns: sweep.maxTurns ?? null,
    maxMessages: sweep.maxMessages ?? null,
    monitors: sweep.monitors ?? null,
  };
  const slug = sweep.world.replace(/^.*[\\/]/, '').replace(/\.[cm]?[jt]s$/, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'world';
  return defineExperiment(
    {
      name: `sweep-${slug}-${hashOf(design).slice(0, 8)}`,
      description: `troupe sweep --world ${sweep.world} --arms ${sweep.arms.map((a) => a.name).join(',')}`,
      worlds: [
        {
          world: sweep.world,
          instances: [design.params],
          ...(sweep.maxTurns !== undefined ? { maxTurns: sweep.maxTurns } : {}),
          ...(sweep.maxMessages !== undefined ? { maxMessages: sweep.maxMessages } : {}),
        },
      ],
      agents: [
        {
          // Tables and results.csv name the agent configuration: the agents file's, or the world's defaults.
          name: design.agents !== null ? agentsName(design.agents) : 'default',
          ...(design.agents !== null ? { file: design.agents } : {}),
          synthetic: design.synthetic,
          perAgent: design.perAgent,
          ...(sweep.window !== undefined ? { window: sweep.window } : {}),
        },
      ],
      arms: design.arms,
      ...(sweep.baseline !== undefined ? { baseline: sweep.baseline } : {}),
      seeds: sweep.seeds,
      ...(sweep.monitors ? { monitors: { enabled: [...sweep.monitors], params: {} } } : {}),
    },
    { where: 'The sweep', flags: flagsOf(design.perAgent, design.arms) },
  );
}

/** The flag each field of an ad-hoc experiment came from, so an error names the flag the user typed. */
function flagsOf(perAgent: Readonly<Record<string, unknown>>, arms: readonly { readonly name: string }[]): Record<string, string> {
  return {
    ...Object.fromEntries(arms.map((a) => [`arm "${a.name}"`, `--arms, arm "${a.name}"`])),
    'worlds[0].world': '--world',
    'worlds[0].instances[0]': '--param',
    'agents[0]': '--synthetic',
    'agents[0].file': '--agents',
    'agents[0].synthetic': '--synthetic',
    ...Object.fromEntries(Object.keys(perAgent).map((id) => [`agents[0].perAgent.${id}`, `--synthetic ${id}.…`])),
    'monitors.enabled': '--monitors',
  };
}

/** An agents file's name for tables: its base name, as an experiment's agent configuration may be named ("default" is the world's own agents). */
function agentsName(file: string): string {
  const name = basename(file).replace(/\.json$/, '').replace(/[^\w.-]+/g, '-');
  return name === 'default' ? 'default-file' : name;
}
