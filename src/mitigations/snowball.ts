import { z } from 'zod';
import { defineMitigation } from './defineMitigation.ts';
import { scheduledNotes } from './scheduledNotes.ts';
import { TranscriptLines } from './transcriptLines.ts';

/**
 * Snowball (Laban et al. 2025): every turn, before an agent speaks, restate
 * everything the *other* agents have said so far (their "user turns").
 *
 * @example mitigationPlugins([{ kind: 'snowball', params: { max: 20 } }])
 */
export const snowball = defineMitigation({
  kind: 'snowball',
  summary: "every turn, restate to the speaker all the other agents' previous messages (Laban et al.)",
  notesOnly: true,
  schema: z
    .object({
      max: z.number().int().min(1).default(20).describe('messages restated at most, the latest (default 20)'),
      chars: z.number().int().min(8).default(120).describe('characters per restated message at most (default 120)'),
    })
    .strict(),
  create: (p, api) => {
    const said = new TranscriptLines(p.max, p.chars);
    const notes = scheduledNotes(api, { every: 0, speakersEveryTurn: true, flags: [] }, (member) => {
      const lines = said.render((l) => l.from !== member.id);
      return lines.length ? ['What the others have said so far:', ...lines].join('\n') : null;
    });
    return (event) => {
      said.observe(event);
      notes(event);
    };
  },
});
