import { UserError } from '../core/errors.ts';
import { neutralText } from './neutralText.ts';
import type { MitigationDefinition, ParamValue } from './types.ts';

/** The placebo's parameters: the arm it copies and that arm's own parameters. */
export interface PlaceboParams {
  readonly like: MitigationDefinition;
  readonly params: unknown;
}

/**
 * Placebo: the control arm for "any extra message helps". It runs the
 * mitigation named by `like` (default goal-reinject) with that mitigation's
 * parameters — same schedule, same triggers, same targets — but replaces
 * every note by neutral text of exactly the same length.
 *
 * @example mitigationPlugins([{ kind: 'placebo', params: { like: 'role-reminder', every: 3 } }])
 */
export function definePlacebo(mimicable: {
  /** The mitigation `like` names (a kind, or a module path), if any. */
  readonly find: (like: string) => MitigationDefinition | undefined;
  /** The built-in kinds it copies, for messages. */
  readonly kinds: readonly string[];
}): MitigationDefinition<PlaceboParams> {
  const kinds = `${mimicable.kinds.map((k) => `"${k}"`).join(', ')}, or the path of a note-giving mitigation module`;
  return {
    kind: 'placebo',
    summary: 'neutral notes of the same length and schedule as another arm (like=<kind> plus its parameters)',
    params: { like: 'the note-giving mitigation to copy (a kind, or a module path), with its parameters alongside (default goal-reinject)' },
    notesOnly: true,
    parse: (raw) => {
      const { like = 'goal-reinject', ...rest } = raw;
      const inner = typeof like === 'string' ? mimicable.find(like) : undefined;
      if (!inner?.notesOnly) {
        throw new UserError(`Mitigation "placebo": parameter "like" must be ${kinds}, got ${JSON.stringify(like)}${inner ? ` (a mitigation that does more than give notes: a placebo copies notes only)` : ''}.`);
      }
      if (inner.kind === 'loop-breaker' && rest.action === 'stop') {
        throw new UserError('Mitigation "placebo": parameter "action" cannot be "stop" — a placebo copies notes, and a stop is not a note.');
      }
      try {
        return { like: inner, params: inner.parse(rest as Record<string, ParamValue>) };
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        // The parameters are the placebo's: say what it takes (like, then the copied kind's own), not only the copied kind's list.
        const problem = error.message;
        const takes = `Parameters of "placebo": like (the note-giving mitigation to copy: ${kinds}; default goal-reinject) and the parameters of that mitigation.`;
        const listing = `Parameters of "${inner.kind}"`;
        const message = problem.includes(listing) ? problem.replace(listing, `${takes} ${listing}`) : `${problem} ${takes}`;
        throw new UserError(`Mitigation "placebo" (like=${inner.kind}): ${message}`);
      }
    },
    reactsTo: (p) => p.like.reactsTo?.(p.params) ?? [],
    create: (p, api) =>
      p.like.create(p.params, {
        ...api,
        note: (agent, content, trigger) => api.note(agent, neutralText(content.length), trigger),
        stop: () => {},
        guard: () => {},
      }),
  };
}
