import { UserError, parseOrExplain } from '../core/errors.ts';
import { isModulePath } from '../core/importUserModule.ts';
import { checkMitigations, checkTriggers, parseArm, type Arm } from '../mitigations/index.ts';
import { createMonitorSet, DEFAULT_MONITORS } from '../monitors/index.ts';
import { parseSyntheticParams } from '../policies/synthetic/index.ts';
import { ExperimentSchema, type ExperimentInput, type ExperimentSource, type ExperimentSpec } from './Experiment.ts';

/** A validated experiment: arms parsed (mitigations checked), the baseline resolved, and where it was written. */
export type Experiment = Omit<ExperimentSpec, 'arms' | 'baseline' | 'format'> & {
  readonly kind: 'troupe.experiment';
  readonly arms: readonly Arm[];
  readonly baseline: string;
  readonly source: ExperimentSource;
};

/**
 * Declare an experiment: worlds × agent configs × mitigation arms × seeds,
 * plus the metrics to report. Everything that needs no world is validated
 * here — arms, synthetic parameters, monitors (a UserError names the field,
 * arm, mitigation or parameter); worlds, instances and agent ids when the
 * sweep is planned. Either way a bad experiment fails before its first run.
 *
 * @example
 * export default defineExperiment({
 *   name: 'reinject-k',
 *   worlds: [{ world: 'camel-roleplay', instances: [{ task: 'trading-bot' }, { task: 'lesson-plan' }] }],
 *   arms: ['none', 'goal-reinject:k=2', 'goal-reinject:k=4', 'placebo:like=goal-reinject,k=4'],
 *   seeds: '1..100',
 * });
 */
export function defineExperiment(input: ExperimentInput, source: ExperimentSource = { where: 'The experiment' }): Experiment {
  const { where } = source;
  const spec = parseOrExplain(ExperimentSchema, input, where);
  const arms: Arm[] = spec.arms.map((arm) =>
    atField(fieldLabel({ name: spec.name, source }, `arm "${typeof arm === 'string' ? arm : arm.name}"`), () => {
      if (typeof arm === 'string') return { name: arm.trim(), mitigations: parseArm(arm) };
      checkMitigations(arm.mitigations);
      return { name: arm.name, mitigations: arm.mitigations };
    }),
  );
  const names = new Set<string>();
  for (const arm of arms) {
    if (names.has(arm.name)) throw new UserError(`${where} "${spec.name}": two arms are named "${arm.name}"; arm names must be unique.`);
    names.add(arm.name);
  }
  const agentNames = new Set(spec.agents.map((a) => a.name));
  if (agentNames.size !== spec.agents.length) throw new UserError(`${where} "${spec.name}": agent configuration names must be unique.`);
  const baseline = spec.baseline ?? arms[0]!.name;
  if (!names.has(baseline)) {
    throw new UserError(`${where} "${spec.name}": baseline "${baseline}" is not an arm (arms: ${arms.map((a) => a.name).join(', ')}).`);
  }
  const { arms: _arms, baseline: _baseline, format: _format, ...rest } = spec;
  const experiment: Experiment = { kind: 'troupe.experiment', ...rest, arms, baseline, source };
  checkPolicyAndMonitors(experiment);
  return experiment;
}

/** Is `value` an experiment made by `defineExperiment`? */
export function isExperiment(value: unknown): value is Experiment {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'troupe.experiment';
}

/**
 * How an error names a field of `experiment`: the flag it came from, or its
 * source and path.
 *
 * @internal
 * @example fieldLabel(experiment, 'worlds[0].world') // 'Experiment file /x/exp.json "exp", worlds[0].world'
 */
export function fieldLabel(experiment: Pick<Experiment, 'name' | 'source'>, path: string): string {
  return experiment.source.flags?.[path] ?? `${experiment.source.where} "${experiment.name}", ${path}`;
}

/**
 * `run()`, with a UserError it throws prefixed by `label`.
 *
 * @internal
 */
export function atField<T>(label: string, run: () => T): T {
  try {
    const result = run();
    // A promise (resolving a world) is labelled when it settles.
    return (result instanceof Promise ? result.catch((error: unknown) => Promise.reject(labelled(label, error))) : result) as T;
  } catch (error) {
    throw labelled(label, error);
  }
}

function labelled(label: string, error: unknown): unknown {
  return error instanceof UserError ? new UserError(`${label}: ${error.message}`) : error;
}

/**
 * Synthetic parameters and monitors checked the way a run checks them (the
 * synthetic policy's schema, the monitor registry), so a typo is reported
 * with its field now rather than by the first run with its run id.
 */
function checkPolicyAndMonitors(experiment: Experiment): void {
  for (const [i, agents] of experiment.agents.entries()) {
    parseSyntheticParams(agents.synthetic, fieldLabel(experiment, `agents[${i}].synthetic`));
    for (const [id, params] of Object.entries(agents.perAgent)) parseSyntheticParams(params, fieldLabel(experiment, `agents[${i}].perAgent.${id}`));
  }
  const monitors = experiment.monitors;
  // Monitor modules (named by path) load when the sweep is planned, which checks the monitors then.
  if (monitors && !monitors.enabled?.some(isModulePath)) {
    // Names and parameters in two calls, so the error names the field at fault.
    atField(fieldLabel(experiment, 'monitors.enabled'), () => createMonitorSet({ enabled: monitors.enabled, params: {} }));
    atField(fieldLabel(experiment, 'monitors.params'), () => createMonitorSet({ enabled: null, params: monitors.params }));
  }
  // Every arm's mitigations against the monitors every run has (once their names are known to be right).
  const enabled = monitors?.enabled ?? DEFAULT_MONITORS;
  for (const arm of experiment.arms) atField(fieldLabel(experiment, `arm "${arm.name}"`), () => checkTriggers(arm.mitigations, enabled));
}
