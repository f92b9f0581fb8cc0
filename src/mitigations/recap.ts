import { z } from 'zod';
import { defineMitigation } from './defineMitigation.ts';
import { scheduledNotes } from './scheduledNotes.ts';
import { TranscriptLines } from './transcriptLines.ts';

/**
 * Recap (Laban et al. 2025, "LLMs Get Lost in Multi-Turn Conversation"):
 * restate everything the agents have said so far in one note to every agent —
 * once at turn `at` (their "recap at the end": `at` = the last turn), and/or
 * every `every` turns.
 *
 * @example mitigationPlugins([{ kind: 'recap', params: { at: 12 } }])
 */
export const recap = defineMitigation({
  kind: 'recap',
  summary: 'restate everything said so far (Laban et al.): once at turn `at` and/or every n turns',
  notesOnly: true,
  schema: z
    .object({
      at: z.number().int().min(0).default(0).describe('at the start of this turn; 0 = never (default 0)'),
      every: z.number().int().min(0).optional().describe('every n turns; 0 = never (default 8, or 0 when at is set)'),
      max: z.number().int().min(1).default(40).describe('messages restated at most, the latest (default 40)'),
      chars: z.number().int().min(8).default(160).describe('characters per restated message at most (default 160)'),
    })
    .strict(),
  check: (p) => (p.at === 0 && p.every === 0 ? 'parameters "at" and "every" are both 0, so it would never fire' : null),
  create: (p, api) => {
    const said = new TranscriptLines(p.max, p.chars);
    const notes = scheduledNotes(api, { every: p.every ?? (p.at > 0 ? 0 : 8), at: p.at, flags: [] }, () => {
      const lines = said.render();
      return lines.length ? ['Recap of the conversation so far:', ...lines].join('\n') : null;
    });
    return (event) => {
      said.observe(event);
      notes(event);
    };
  },
});
