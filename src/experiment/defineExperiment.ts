import { UserError, parseOrExplain } from '../core/errors.ts';
import { mitigationPlugins, parseArm, type Arm } from '../mitigations/index.ts';
import { ExperimentSchema, type ExperimentInput, type ExperimentSpec } from './Experiment.ts';

/** A validated experiment: arms parsed (mitigations checked) and the baseline resolved. */
export type Experiment = Omit<ExperimentSpec, 'arms' | 'baseline' | 'format'> & {
  readonly kind: 'troupe.experiment';
  readonly arms: readonly Arm[];
  readonly baseline: string;
};

/**
 * Declare an experiment: worlds × agent configs × mitigation arms × seeds,
 * plus the metrics to report. Everything is validated here (a UserError
 * names the field, arm, mitigation or parameter), so a bad experiment fails
 * before its first run.
 *
 * @example
 * export default defineExperiment({
 *   name: 'reinject-k',
 *   worlds: [{ world: 'camel-roleplay', instances: [{ task: 'trading-bot' }, { task: 'lesson-plan' }] }],
 *   arms: ['none', 'goal-reinject:k=2', 'goal-reinject:k=4', 'placebo:like=goal-reinject,k=4'],
 *   seeds: '1..100',
 * });
 */
export function defineExperiment(input: ExperimentInput, where = 'The experiment'): Experiment {
  const spec = parseOrExplain(ExperimentSchema, input, where);
  const arms: Arm[] = spec.arms.map((arm) => {
    try {
      if (typeof arm === 'string') return { name: arm.trim(), mitigations: parseArm(arm) };
      mitigationPlugins(arm.mitigations);
      return { name: arm.name, mitigations: arm.mitigations };
    } catch (error) {
      if (error instanceof UserError) throw new UserError(`${where} "${spec.name}", arm "${typeof arm === 'string' ? arm : arm.name}": ${error.message}`);
      throw error;
    }
  });
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
  return { kind: 'troupe.experiment', ...rest, arms, baseline };
}

/** Is `value` an experiment made by `defineExperiment`? */
export function isExperiment(value: unknown): value is Experiment {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'troupe.experiment';
}
