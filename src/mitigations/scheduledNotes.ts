import type { MitigationApi, MitigationHandler, TeamMember } from './types.ts';

/** When a note-giving mitigation fires. */
export interface NoteSchedule {
  /** Every agent gets a note at the start of turns `every`, 2·`every`, … (0: never). */
  readonly every: number;
  /** Also at the start of this one turn, to every agent (0: never). */
  readonly at?: number;
  /** Every turn, to that turn's speakers (snowball). */
  readonly speakersEveryTurn?: boolean;
  /** Monitors whose flags trigger a note to the flagged agent (every agent when the flag names none). */
  readonly flags: readonly string[];
}

/** Writes the note for one agent; null to give it none this time. */
export type RenderNote = (member: TeamMember, turn: number) => string | null;

/**
 * The shared schedule of note-giving mitigations. Every note is published at
 * a `turn.start`, before the turn's speakers decide: periodic notes on their
 * turns, and notes for flags raised since the previous turn start. Deferring
 * flag-triggered notes to the next turn keeps them *after* the message that
 * raised the flag in every agent's context (the runner hands a message to the
 * other agents only once its flags have been published). An agent gets at
 * most one note per mitigation per turn.
 *
 * @example
 * create: (p, api) => scheduledNotes(api, { every: p.k, flags: ['drift'] }, (m) => `Remember your goal: ${m.goal.statement}`)
 */
export function scheduledNotes(api: MitigationApi, schedule: NoteSchedule, render: RenderNote): MitigationHandler {
  const flagged = new Map<string, string>();
  return (event) => {
    if (event.type === 'flag') {
      if (!schedule.flags.includes(event.monitor)) return;
      const trigger = `flag:${event.monitor}@${event.seq}`;
      const targets = event.agent === null ? [...api.team.keys()] : [event.agent];
      for (const id of targets) if (!flagged.has(id)) flagged.set(id, trigger);
      return;
    }
    if (event.type !== 'turn.start') return;
    const turn = event.turn;
    const periodic = (schedule.every > 0 && turn % schedule.every === 0) || (schedule.at !== undefined && schedule.at > 0 && turn === schedule.at);
    const reason = periodic ? (turn === schedule.at ? `turn ${turn}` : `every ${schedule.every} turns`) : null;
    for (const member of api.team.values()) {
      const trigger =
        reason ?? flagged.get(member.id) ?? (schedule.speakersEveryTurn && event.speakers.includes(member.id) ? 'every turn' : null);
      if (trigger === null) continue;
      const content = render(member, turn);
      if (content !== null) api.note(member.id, content, trigger);
    }
    flagged.clear();
  };
}
