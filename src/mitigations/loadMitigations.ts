import type { MitigationSpec, MitigationSpecInput } from '../core/config.ts';
import { checkTriggers } from './checkTriggers.ts';
import { formatArm } from './formatArm.ts';
import { UserError } from '../core/errors.ts';
import { isLoaded, loadedMitigation, loadMitigationModules, mitigationModulesOf, withAbsoluteModules } from './mitigationModules.ts';
import { isBuiltInMitigation, mitigationDefinition } from './registry.ts';

/**
 * Check the parameters of every mitigation in `specs` whose definition is at hand (a UserError names the mitigation
 * and the parameter). A mitigation module not loaded yet is checked by `loadMitigations` when it is.
 *
 * @example checkMitigations(parseArm('goal-reinject:k=0')) // throws: k must be ≥ 1 … (or onFlag)
 */
export function checkMitigations(specs: readonly MitigationSpecInput[]): void {
  // One kind twice in one run: both record their interventions under that kind, so no figure could tell them apart
  // (placebos excepted: a combined arm's control takes one per mitigation it mimics, and they are alike by design).
  const seen = new Map<string, MitigationSpecInput>();
  for (const spec of specs) {
    const before = seen.get(spec.kind);
    if (before && spec.kind !== 'placebo') {
      throw new UserError(`"${spec.kind}" is given twice in one run (${formatArm([before])} and ${formatArm([spec])}): its interventions are recorded under one name and could not be told apart. Give one "${spec.kind}" all its settings, or compare the two as separate arms.`);
    }
    seen.set(spec.kind, spec);
  }
  for (const spec of specs) if (isLoaded(spec)) mitigationDefinition(spec.kind).parse(spec.params ?? {});
}

/**
 * Make ready the mitigations of a new run or sweep: module paths made absolute (relative ones from `from`), their
 * modules loaded, every parameter checked, and, with `monitors`, every flag-triggered mitigation checked against
 * the monitors that run (`checkTriggers`). Returns the specs as a config records them.
 *
 * @example config.mitigations = await loadMitigations(parseArm('./shout.ts:k=2'), { monitors: DEFAULT_MONITORS })
 */
export async function loadMitigations(
  specs: readonly MitigationSpecInput[],
  options: { readonly from?: string; readonly monitors?: readonly string[] } = {},
): Promise<MitigationSpec[]> {
  const absolute = withAbsoluteModules(specs, options.from);
  await loadMitigationModules(absolute, isBuiltInMitigation);
  // Two modules of one kind in one run: their interventions, recorded under the kind, could not be told apart.
  const byKind = new Map<string, string>();
  for (const file of mitigationModulesOf(absolute.filter((spec) => spec.kind !== 'placebo'))) {
    const kind = loadedMitigation(file)!.def.kind;
    const other = byKind.get(kind);
    if (other !== undefined && other !== file) throw new UserError(`The mitigation modules ${other} and ${file} both declare kind "${kind}": in one run their interventions could not be told apart; give each a kind of its own.`);
    byKind.set(kind, file);
  }
  checkMitigations(absolute);
  if (options.monitors) checkTriggers(absolute, options.monitors);
  return absolute;
}
