import type { MitigationSpecInput } from '../core/config.ts';

/**
 * The text of an arm in the syntax of `parseArm` (parameters in the order given).
 *
 * @example formatArm([{ kind: 'goal-reinject', params: { k: 4 } }]) // 'goal-reinject:k=4'
 */
export function formatArm(mitigations: readonly MitigationSpecInput[]): string {
  if (mitigations.length === 0) return 'none';
  return mitigations
    .map((m) => {
      const params = Object.entries(m.params ?? {}).map(([k, v]) => `${k}=${String(v)}`);
      return params.length ? `${m.kind}:${params.join(',')}` : m.kind;
    })
    .join('+');
}
