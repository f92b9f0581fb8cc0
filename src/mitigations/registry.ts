import { UserError } from '../core/errors.ts';
import { goalReinject } from './goalReinject.ts';
import { loopBreaker } from './loopBreaker.ts';
import { definePlacebo } from './placebo.ts';
import { recap } from './recap.ts';
import { roleGuard } from './roleGuard.ts';
import { roleReminder } from './roleReminder.ts';
import { snowball } from './snowball.ts';
import type { MitigationDefinition } from './types.ts';

const noteGivers: readonly MitigationDefinition[] = [goalReinject, roleReminder, loopBreaker, recap, snowball] as MitigationDefinition[];

/** The placebo copies any note-giving mitigation. */
export const placebo = definePlacebo(() => noteGivers);

/** Every built-in mitigation, by kind. */
export const MITIGATIONS: readonly MitigationDefinition[] = [...noteGivers, roleGuard as MitigationDefinition, placebo as MitigationDefinition];

/** The kinds a `mitigations` entry (or `--mitigation`, `--arms`) may name. */
export const MITIGATION_KINDS: readonly string[] = MITIGATIONS.map((m) => m.kind);

/** The definition of `kind`, or a UserError listing the known kinds. */
export function mitigationDefinition(kind: string): MitigationDefinition {
  const def = MITIGATIONS.find((m) => m.kind === kind);
  if (!def) throw new UserError(`Unknown mitigation "${kind}". Known mitigations: ${MITIGATION_KINDS.join(', ')}.`);
  return def;
}
