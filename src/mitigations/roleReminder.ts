import { z } from 'zod';
import { defineMitigation } from './defineMitigation.ts';
import { scheduledNotes } from './scheduledNotes.ts';
import type { TeamMember } from './types.ts';

/** CAMEL's inception reminder ("Never forget you are a … Never flip roles!"), naming the agent and its role. */
export function roleNote(member: TeamMember): string {
  return `You are ${member.id}, the ${member.role.name}. Never flip roles! Do only your own acts (${member.role.acts.join(', ')}); never do another role's work.`;
}

/**
 * Role reminder: CAMEL-style inception reminder every `every` turns and/or
 * when a role-flip flag names the agent.
 *
 * @example mitigationPlugins([{ kind: 'role-reminder', params: { every: 3, onFlag: true } }])
 */
export const roleReminder = defineMitigation({
  kind: 'role-reminder',
  summary: 'CAMEL-style "You are <id>, the <Role>. Never flip roles!" every n turns and/or on role-flip flags',
  notesOnly: true,
  schema: z
    .object({
      every: z.number().int().min(0).optional().describe('every n turns, to every agent; 0 = never (default 4, or 0 with onFlag=true)'),
      onFlag: z.boolean().default(false).describe('also to the flagged agent on role-flip flags (default false)'),
    })
    .strict(),
  check: (p) => (p.every === 0 && !p.onFlag ? 'parameter "every" is 0 and onFlag is false, so it would never fire' : null),
  reactsTo: flagsOf,
  create: (p, api) => scheduledNotes(api, { every: p.every ?? (p.onFlag ? 0 : 4), flags: flagsOf(p) }, roleNote),
});

/** The monitors whose flags trigger a note: one source for `reactsTo` and the schedule, so the check matches what runs. */
function flagsOf(p: { readonly onFlag: boolean }): readonly string[] {
  return p.onFlag ? ['role-flip'] : [];
}
