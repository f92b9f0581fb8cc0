import { UserError } from '../core/errors.ts';
import { isModulePath } from '../core/importUserModule.ts';
import { goalReinject } from './goalReinject.ts';
import { loopBreaker } from './loopBreaker.ts';
import { loadedMitigation } from './mitigationModules.ts';
import { definePlacebo } from './placebo.ts';
import { recap } from './recap.ts';
import { roleGuard } from './roleGuard.ts';
import { roleReminder } from './roleReminder.ts';
import { snowball } from './snowball.ts';
import type { MitigationDefinition } from './types.ts';

const builtIns = [goalReinject, roleReminder, loopBreaker, recap, snowball, roleGuard] as MitigationDefinition[];

/**
 * The placebo copies any note-giving mitigation (its declared `notesOnly`): a built-in one by kind, or a loaded
 * module of your own by path.
 */
export const placebo = definePlacebo({
  find: (like) => (isModulePath(like) ? loadedMitigation(like)?.def : builtIns.find((m) => m.kind === like)),
  kinds: builtIns.filter((m) => m.notesOnly).map((m) => m.kind),
});

/** Every built-in mitigation, by kind. */
export const MITIGATIONS: readonly MitigationDefinition[] = [...builtIns, placebo as MitigationDefinition];

/** The built-in kinds a `mitigations` entry (or `--mitigation`, `--arms`) may name; a path names a module of your own. */
export const MITIGATION_KINDS: readonly string[] = MITIGATIONS.map((m) => m.kind);

/**
 * The definition of `kind`: a built-in kind, or the path of a mitigation module loaded by `loadMitigations`. A
 * UserError lists the known kinds.
 */
export function mitigationDefinition(kind: string): MitigationDefinition {
  if (isModulePath(kind)) {
    const module = loadedMitigation(kind);
    if (!module) throw new UserError(`Mitigation module ${kind} is not loaded: load it with loadMitigations(specs) before building its plugin.`);
    return module.def;
  }
  const def = MITIGATIONS.find((m) => m.kind === kind);
  if (!def) throw new UserError(`Unknown mitigation "${kind}". Known mitigations: ${MITIGATION_KINDS.join(', ')}; or give a path to a mitigation module (e.g. ./shout.ts).`);
  return def;
}

/** Is `kind` a built-in mitigation's? */
export function isBuiltInMitigation(kind: string): boolean {
  return MITIGATION_KINDS.includes(kind);
}
