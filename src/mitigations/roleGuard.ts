import { z } from 'zod';
import { defineMitigation } from './defineMitigation.ts';

/**
 * Role guard: the agent's act (the world's reading of its reply: CAMEL's
 * `instruct` / `solve`, a relay `ACTION`) is refused when it belongs to
 * another agent's role and not to its own; the reason enters its context and
 * it decides again (the runner re-asks at most twice, then blocks the act).
 * Acts no role owns (e.g. `wait`) pass. The reason names the act's owner but
 * does not restate the agent's role ("You are …"): that is the role reminder's
 * job, so the two arms stay separable.
 *
 * @example mitigationPlugins([{ kind: 'role-guard', params: {} }])
 */
export const roleGuard = defineMitigation({
  kind: 'role-guard',
  summary: "refuse an act that belongs to another agent's role, with the reason, and ask again",
  notesOnly: false,
  schema: z.object({}).strict(),
  create: (_p, api) => {
    const owners = new Map<string, string[]>();
    for (const a of api.config.agents) for (const act of a.role.acts) owners.set(act, [...(owners.get(act) ?? []), `the ${a.role.name} (${a.id})`]);
    api.guard((agent, act) => {
      if (agent.role.acts.includes(act)) return null;
      const owner = owners.get(act);
      if (!owner) return null;
      return {
        by: api.name,
        reason: `Refused: "${act}" is the work of ${owner.join(' or ')}, not yours. Your acts: ${agent.role.acts.join(', ')}. Reply again and do only your own part.`,
      };
    });
    return null;
  },
});
