import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.ts';

/** Read a text file; a missing or unreadable file is a UserError naming the path. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
}

/** Read and parse a JSON file; a missing file or bad JSON is a UserError naming the path. */
export function readJsonFile(path: string): unknown {
  const text = readTextFile(path);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not JSON: ${(error as Error).message}`);
  }
}
