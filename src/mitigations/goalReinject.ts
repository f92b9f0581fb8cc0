import { z } from 'zod';
import { defineMitigation } from './defineMitigation.ts';
import { scheduledNotes } from './scheduledNotes.ts';
import type { TeamMember } from './types.ts';

/** The goal note: the goal statement verbatim (a model can only find its goal again by the same words). */
export function goalNote(member: TeamMember): string {
  return `Remember your goal: ${member.goal.statement} Keep every reply on it.`;
}

/** Monitors whose flags re-inject the goal with `onFlag=true`. */
export const GOAL_FLAGS = ['drift', 'infinite-loop'] as const;

/**
 * Goal re-injection: restate each agent's goal in its context every k turns,
 * and/or when a drift or infinite-loop flag names it.
 *
 * @example mitigationPlugins([{ kind: 'goal-reinject', params: { k: 4 } }])
 */
export const goalReinject = defineMitigation({
  kind: 'goal-reinject',
  summary: "restate each agent's goal verbatim every k turns and/or on drift and infinite-loop flags",
  notesOnly: true,
  schema: z
    .object({
      k: z.number().int().min(0).optional().describe('every k turns, to every agent; 0 = never (default 4, or 0 with onFlag=true)'),
      onFlag: z.boolean().default(false).describe(`also to the flagged agent on ${GOAL_FLAGS.join(' / ')} flags (default false)`),
    })
    .strict(),
  check: (p) => (p.k === 0 && !p.onFlag ? 'parameter "k" is 0 and onFlag is false, so it would never fire' : null),
  reactsTo: flagsOf,
  create: (p, api) => scheduledNotes(api, { every: p.k ?? (p.onFlag ? 0 : 4), flags: flagsOf(p) }, goalNote),
});

/** The monitors whose flags trigger a note: one source for `reactsTo` and the schedule, so the check matches what runs. */
function flagsOf(p: { readonly onFlag: boolean }): readonly string[] {
  return p.onFlag ? GOAL_FLAGS : [];
}
