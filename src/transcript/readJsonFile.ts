import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.ts';

/**
 * Read a text file; a missing or unreadable file is a UserError naming the
 * path. A UTF-8 byte-order mark is dropped: editors on Windows write one, and
 * JSON.parse rejects it.
 */
export function readTextFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ERR_STRING_TOO_LONG') throw new UserError(`Cannot read ${path}: it is too large to read as one text (over 512 MB).`);
    throw new UserError(`Cannot read ${path}: ${code}.`);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Read and parse a JSON file; a missing file or bad JSON is a UserError naming the path. */
export function readJsonFile(path: string): unknown {
  const text = readTextFile(path);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UserError(`${path} is not JSON: ${(error as Error).message}`);
  }
}
