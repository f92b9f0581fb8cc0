import { UserError } from '../core/errors.ts';
import { readTextFile } from './readJsonFile.ts';

/**
 * Read a file of records: one JSON document (an array of records, or one
 * record), or JSONL — one record per line, as many exporters write them —
 * which is returned as an array. Bad input is a UserError naming the file
 * and, for JSONL, the line.
 *
 * @example readRecordsFile('traces.jsonl') // [{ trace_id: 'a', … }, { trace_id: 'b', … }]
 */
export function readRecordsFile(path: string): unknown {
  const text = readTextFile(path);
  let jsonError: Error;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    jsonError = error as Error;
  }
  const lines = text.split('\n');
  const filled = lines.filter((l) => l.trim() !== '');
  // One document that fails to parse is bad JSON, not JSONL: report the JSON error.
  if (filled.length < 2) throw new UserError(`${path} is not JSON: ${jsonError.message}`);
  const records: unknown[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      records.push(JSON.parse(line) as unknown);
    } catch (error) {
      throw new UserError(
        `${path} is neither JSON (${jsonError.message}) nor JSONL (one JSON record per line): line ${i + 1}: ${(error as Error).message}`,
      );
    }
  }
  return records;
}
