import type { MitigationSpec } from '../core/config.ts';
import { UserError } from '../core/errors.ts';
import { isLoaded } from './mitigationModules.ts';
import { mitigationDefinition } from './registry.ts';

/**
 * Refuse mitigations that act on flags no enabled monitor raises (e.g. `goal-reinject:onFlag=true` with
 * `--monitors none`, or loop-breaker without infinite-loop): they would silently never act on them. Checked where
 * a new run or sweep is configured, and by a fork that changes mitigations or monitors; not on replay: a
 * recording made before this check replays as it was. A mitigation module not loaded yet is skipped: `loadMitigations`
 * checks it once loaded.
 *
 * @example checkTriggers([{ kind: 'loop-breaker', params: {} }], ['role-flip']) // throws
 */
export function checkTriggers(mitigations: readonly { readonly kind: string; readonly params?: MitigationSpec['params'] }[], monitors: readonly string[]): void {
  for (const spec of mitigations) {
    if (!isLoaded(spec)) continue;
    const def = mitigationDefinition(spec.kind);
    const needs = def.reactsTo?.(def.parse(spec.params ?? {})) ?? [];
    if (needs.length && !needs.some((m) => monitors.includes(m))) {
      throw new UserError(
        `Mitigation "${spec.kind}" acts on ${needs.join(' / ')} flags, but no monitor that raises them runs (monitors: ${monitors.join(', ') || 'none'}): ` +
          `enable ${needs.length > 1 ? 'one of them' : 'it'} (--monitors; for a fork, --set monitors=…), or change the mitigation.`,
      );
    }
  }
}
