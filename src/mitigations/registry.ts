import { UserError } from '../core/errors.ts';
import { goalReinject } from './goalReinject.ts';
import { loopBreaker } from './loopBreaker.ts';
import { definePlacebo } from './placebo.ts';
import { recap } from './recap.ts';
import { roleGuard } from './roleGuard.ts';
import { roleReminder } from './roleReminder.ts';
import { snowball } from './snowball.ts';
import type { MitigationDefinition } from './types.ts';

const builtIns = [goalReinject, roleReminder, loopBreaker, recap, snowball, roleGuard] as MitigationDefinition[];
/** The mitigations whose only effect is a note in the context (their declared `notesOnly`): what a placebo can imitate. */
const noteGivers: readonly MitigationDefinition[] = builtIns.filter((m) => m.notesOnly);

/** The placebo copies any note-giving mitigation. */
export const placebo = definePlacebo(() => noteGivers);

/** Every built-in mitigation, by kind. */
export const MITIGATIONS: readonly MitigationDefinition[] = [...builtIns, placebo as MitigationDefinition];

/** The kinds a `mitigations` entry (or `--mitigation`, `--arms`) may name. */
export const MITIGATION_KINDS: readonly string[] = MITIGATIONS.map((m) => m.kind);

/** The definition of `kind`, or a UserError listing the known kinds. */
export function mitigationDefinition(kind: string): MitigationDefinition {
  const def = MITIGATIONS.find((m) => m.kind === kind);
  if (!def) throw new UserError(`Unknown mitigation "${kind}". Known mitigations: ${MITIGATION_KINDS.join(', ')}.`);
  return def;
}
