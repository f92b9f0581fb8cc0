import type { RunCell } from './RunRecord.ts';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { isModulePath } from '../core/importUserModule.ts';
import { isSynthetic, type AgentSpecInput } from '../core/specs.ts';
import { canonicalJson } from '../core/canonical.ts';
import { deriveSeed } from '../determinism/rng.ts';
import { formatArm, loadMitigations, mitigationSourcesOf, type Arm } from '../mitigations/index.ts';
import { createMonitorSet, DEFAULT_MONITORS, loadMonitors, monitorSourcesOf, withAbsoluteMonitors } from '../monitors/index.ts';
import { readAgentsFile, resolveRunConfig, resolveWorldParams, runIdOf, sameTeam, withModelFromEnvironment, type RunRequest } from '../runner/index.ts';
import { resolveWorld, worldRefOf } from '../world/index.ts';
import type { WorldDefinition } from '../world/types.ts';
import { atField, fieldLabel, type Experiment } from './defineExperiment.ts';
import type { AgentConfig } from './Experiment.ts';

/** One run of a sweep: its cell of the design (run id, file, arm, world, agents, instance, trial, seed) and its complete config. */
export interface PlannedRun extends RunCell {
  readonly index: number;
  readonly config: RunConfig;
  /** Hash of the world module's source now: a recorded run made with other code is not this run. */
  readonly worldSource: string;
  /** The same for each mitigation module the run uses, by absolute path (empty for built-in mitigations). */
  readonly mitigationSources: Readonly<Record<string, string>>;
  /** The same for each monitor module it runs. */
  readonly monitorSources: Readonly<Record<string, string>>;
}

/** Every run of an experiment, in a fixed order, with the sweep's directory. */
export interface SweepPlan {
  readonly experiment: Experiment;
  readonly dir: string;
  readonly runs: readonly PlannedRun[];
}

/**
 * Expand an experiment into its runs: worlds × agent configs × instances ×
 * seeds × arms, arms innermost so a partial sweep stays balanced. Every arm
 * gets the same instances and seeds (paired design); run ids are the hashes
 * of the resolved configs, so planning twice gives the same files.
 *
 * When a world has several instances, each instance runs on its own seeds,
 * derived from the experiment's (`deriveSeed(seed, "instance:<params>")`):
 * with shared seeds the instances would share every random draw (a synthetic
 * agent's draws depend on the seed, not the task) and be near-copies of each
 * other, which would make instance-level statistics overconfident. The
 * experiment's seed is kept as the run's `trial`; a world with one instance
 * runs on the seeds as given.
 *
 * @example const plan = await planSweep(experiment, 'runs'); plan.runs.length
 */
export async function planSweep(experiment: Experiment, out: string): Promise<SweepPlan> {
  const dir = join(out, experiment.name);
  const runs: PlannedRun[] = [];
  const agentsFile = agentsFileReader();
  // Where each instance (a world and its parameters with their defaults) was first listed.
  const listed = new Map<string, string>();
  // Mitigation modules of your own load first (relative paths from the working directory; an experiment file's are
  // already resolved from its own), and every arm is checked against the monitors its runs have.
  const monitors = experiment.monitors?.enabled ?? DEFAULT_MONITORS;
  if (experiment.monitors?.enabled?.some(isModulePath)) {
    const config = experiment.monitors;
    const enabled = withAbsoluteMonitors(config.enabled);
    // Names and parameters in two steps, so the error names the field at fault (as defineExperiment does).
    await atField(fieldLabel(experiment, 'monitors.enabled'), async () => {
      await loadMonitors(enabled);
      createMonitorSet({ enabled, params: {} });
    });
    atField(fieldLabel(experiment, 'monitors.params'), () => createMonitorSet({ enabled, params: config.params }));
  }
  const arms: Arm[] = [];
  for (const arm of experiment.arms) {
    const mitigations = await atField(fieldLabel(experiment, `arm "${arm.name}"`), () => loadMitigations(arm.mitigations, { monitors }));
    arms.push({ name: arm.name, mitigations });
  }
  // Arms of the same mitigations make the same runs (a run's id is its config's hash): each would be compared with
  // itself, a difference of 0 by construction, not an A/A test. (Records made otherwise — simulated ones, say — may
  // still be summarised under two such arms.)
  const byMitigations = new Map<string, string>();
  for (const arm of arms) {
    const twin = byMitigations.get(canonicalJson(arm.mitigations));
    if (twin !== undefined) throw new UserError(`${experiment.source.where} "${experiment.name}": arms "${twin}" and "${arm.name}" run the same mitigations (${formatArm(arm.mitigations)}), so their runs are the same runs and comparing them gives 0 by construction; list each arm once.`);
    byMitigations.set(canonicalJson(arm.mitigations), arm.name);
  }
  for (const [w, entry] of experiment.worlds.entries()) {
    const { world, sourceHash } = await atField(fieldLabel(experiment, `worlds[${w}].world`), () => existingWorld(entry.world));
    for (const [i, instanceParams] of entry.instances.entries()) {
      const parsed = world.params.safeParse(instanceParams);
      // Invalid or unknown parameters are reported, field by field, when the instance's runs are planned below.
      if (!parsed.success || Object.keys(instanceParams).some((k) => !(k in parsed.data))) continue;
      const key = `${worldRefOf(entry.world)} ${canonicalJson(parsed.data)}`;
      const at = `worlds[${w}].instances[${i}]`;
      const first = listed.get(key);
      if (first) {
        throw new UserError(
          `${fieldLabel(experiment, at)}: the same instance as ${first} (world "${world.id}", ${canonicalJson(parsed.data)}); list each instance once — a repeat would count its runs twice in every statistic.`,
        );
      }
      listed.set(key, at);
    }
    for (const [a, agents] of experiment.agents.entries()) {
      const agentsAt = (path: string) => fieldLabel(experiment, `agents[${a}]${path}`);
      for (const [i, instanceParams] of entry.instances.entries()) {
        const instanceAt = `${fieldLabel(experiment, `worlds[${w}].instances[${i}]`)} (world "${world.id}")`;
        for (const trial of experiment.seeds) {
          const seed = entry.instances.length > 1 ? deriveSeed(trial, `instance:${canonicalJson(instanceParams)}`) : trial;
          // Everything but the mitigations is the same for every arm (the paired design): built once per seed.
          const base = requestFor(world, worldRefOf(entry.world), instanceParams, agents, seed, instanceAt, agentsAt, agentsFile);
          if (entry.maxTurns !== undefined) base.maxTurns = entry.maxTurns;
          if (entry.maxMessages !== undefined) base.maxMessages = entry.maxMessages;
          if (experiment.monitors) base.monitors = experiment.monitors;
          for (const arm of arms) {
            const config = resolveRunConfig({ ...base, mitigations: arm.mitigations }, world);
            const runId = runIdOf(config);
            runs.push({
              index: runs.length,
              arm: arm.name,
              world: world.id,
              agents: agents.name,
              instance: instanceLabel(config.worldParams),
              trial,
              seed,
              config,
              worldSource: sourceHash,
              mitigationSources: mitigationSourcesOf(arm.mitigations),
              monitorSources: monitorSourcesOf(config.monitors.enabled),
              runId,
              file: join(dir, `${runId}.jsonl`),
            });
          }
        }
      }
    }
  }
  return { experiment, dir, runs };
}

/** A world by id or path. A missing file is reported here: resolveWorld's own message points to replay's --world, which a sweep has not. */
async function existingWorld(ref: string): Promise<{ world: WorldDefinition; sourceHash: string }> {
  if (isModulePath(ref) && !existsSync(resolve(ref))) throw new UserError(`world file ${resolve(ref)} not found.`);
  return resolveWorld(ref);
}

/**
 * The request of one cell: world parameters resolved as the runner will; the world's agents, or the config's agents
 * file (same ids), with the config's synthetic parameters.
 */
function requestFor(
  world: WorldDefinition,
  ref: string,
  instanceParams: Record<string, unknown>,
  agents: AgentConfig,
  seed: number,
  instanceAt: string,
  agentsAt: (path: string) => string,
  agentsFile: (file: string) => AgentSpecInput[],
): RunRequest {
  const worldParams = resolveWorldParams(world, instanceParams, seed, instanceAt);
  const request: RunRequest = { world: ref, seed, worldParams };
  if (agents.window !== undefined) request.context = { window: agents.window };
  const fromFile = agents.file === undefined ? null : atField(agentsAt('.file'), () => sameTeam(agentsFile(agents.file!), world, worldParams, resolve(agents.file!)));
  if (fromFile) request.agents = withModelFromEnvironment(fromFile);
  const perAgent = Object.entries(agents.perAgent);
  if (Object.keys(agents.synthetic).length === 0 && perAgent.length === 0) return request;
  const specs: AgentSpecInput[] = request.agents ?? world.agents(worldParams);
  for (const [id] of perAgent) {
    const agent = specs.find((a) => a.id === id);
    if (!agent) throw new UserError(`${agentsAt(`.perAgent.${id}`)}: no agent "${id}" in world "${world.id}" (agents: ${specs.map((a) => a.id).join(', ')}).`);
    if (!isSynthetic(agent)) throw new UserError(`${agentsAt(`.perAgent.${id}`)}: agent "${id}" uses the ${agent.policy!.kind} policy, so synthetic parameters cannot apply to it.`);
  }
  if (!specs.some(isSynthetic)) throw new UserError(`${agentsAt('.synthetic')}: no agent uses the synthetic policy, so synthetic parameters cannot apply.`);
  // Parameters for every agent go to those of the synthetic policy (a mixed team keeps its other policies).
  request.agents = specs.map((a) => {
    if (!isSynthetic(a)) return a;
    const params = (a.policy as { params?: Record<string, number> } | undefined)?.params ?? {};
    return { ...a, policy: { kind: 'synthetic', params: { ...params, ...agents.synthetic, ...(agents.perAgent[a.id] ?? {}) } } };
  });
  return request;
}

/** A reader of agents files that reads each file once per plan, however many cells use it. */
function agentsFileReader(): (file: string) => AgentSpecInput[] {
  const read = new Map<string, AgentSpecInput[]>();
  return (file) => {
    const path = resolve(file);
    let specs = read.get(path);
    if (!specs) read.set(path, (specs = readAgentsFile(path)));
    return specs;
  };
}

/** `key=value` pairs of resolved world parameters, keys sorted: the instance's name. */
export function instanceLabel(params: Record<string, unknown>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${k}=${typeof params[k] === 'string' ? params[k] : JSON.stringify(params[k])}`)
    .join(',');
}
