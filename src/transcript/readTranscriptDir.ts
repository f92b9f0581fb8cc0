import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../core/errors.ts';
import { readJsonFile } from './readJsonFile.ts';
import { parseTranscript } from './parseTranscript.ts';
import { TRANSCRIPT_FORMAT, type Transcript } from './TranscriptSchema.ts';

/** A `.json` file of the folder that is not a transcript, and why. */
export interface SkippedFile {
  readonly file: string;
  readonly why: string;
}

/**
 * The transcripts of a folder (`*.json`, sorted by name), as `import` writes
 * them. `labels.json` (where `import --gold` puts the labels) and the file
 * `labelsPath` are not transcripts and are left out; another JSON file
 * without `"format": "troupe.transcript/1"` is skipped and reported, so a
 * stray file neither stops the run nor passes unnoticed. A file that claims
 * the transcript format but is invalid, or is not JSON, is a UserError
 * naming it and the field.
 */
export function readTranscriptDir(dir: string, labelsPath: string | null = null): { transcripts: Transcript[]; skipped: SkippedFile[] } {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new UserError(`Cannot read directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  const transcripts: Transcript[] = [];
  const skipped: SkippedFile[] = [];
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = join(dir, name);
    if (name === 'labels.json' || (labelsPath !== null && resolve(file) === resolve(labelsPath))) continue;
    const data = readJsonFile(file);
    const format = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>).format : undefined;
    if (format !== TRANSCRIPT_FORMAT) {
      const what = format === undefined ? 'it has no "format" field' : `its format is ${JSON.stringify(format)}`;
      skipped.push({ file: name, why: `not a transcript: ${what}, expected "${TRANSCRIPT_FORMAT}"` });
      continue;
    }
    transcripts.push(parseTranscript(data, `Transcript ${file}`));
  }
  if (transcripts.length === 0) {
    const also = skipped.length ? ` (skipped: ${skipped.map((s) => `${s.file}: ${s.why}`).join('; ')})` : '';
    throw new UserError(`${dir} holds no troupe.transcript/1 .json files${also}.`);
  }
  return { transcripts, skipped };
}
