import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.ts';

/** Read and parse a JSON file; a missing file or bad JSON is a UserError naming the path. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UserError(`${path} is not JSON: ${(error as Error).message}`);
  }
}
