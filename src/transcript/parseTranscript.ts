import { parseOrExplain } from '../core/errors.ts';
import { readJsonFile } from './readJsonFile.ts';
import { TranscriptSchema, type Transcript } from './TranscriptSchema.ts';

/**
 * Validate transcript JSON; a wrong field is a UserError that names it
 * (e.g. `messages[3].from: "Bob" is not one of the agents (Planner, Coder)`).
 */
export function parseTranscript(data: unknown, where = 'The transcript'): Transcript {
  return parseOrExplain(TranscriptSchema, data, where);
}

/** Read and validate a transcript file. */
export function readTranscript(path: string): Transcript {
  return parseTranscript(readJsonFile(path), `Transcript ${path}`);
}
