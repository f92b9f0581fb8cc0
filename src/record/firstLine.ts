import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../core/errors.ts';
import { cannotReadRunFile, LineReader } from './LineReader.ts';

/** Read buffer for line 1, shared: `troupe runs` and a resumed sweep ask it of thousands of files in turn. */
const buffer = Buffer.allocUnsafe(64 << 10);

/**
 * Line 1 of a run file (the header) as written, a carriage return before its newline kept; read from the file's
 * first 64 KB, or line by line when the header is longer. A file without a complete first line is a UserError.
 */
export function firstLine(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw cannotReadRunFile(file, error);
  }
  let n: number;
  let size: number;
  try {
    size = fstatSync(fd).size;
    n = readSync(fd, buffer, 0, buffer.length, 0);
  } catch (error) {
    throw cannotReadRunFile(file, error);
  } finally {
    closeSync(fd);
  }
  const nl = buffer.subarray(0, n).indexOf(10);
  if (nl >= 0) return buffer.toString('utf8', 0, nl);
  const reader = new LineReader(file);
  const complete = reader.next();
  // The reader leaves out a carriage return; it is put back, for `headerProblems` to see.
  const text = complete ? `${reader.text()}${reader.crLines ? '\r' : ''}` : '';
  reader.close();
  // A torn header is a run killed before its first write (or not a run file), not a JSON syntax error.
  if (!complete) throw new UserError(`${file} has no complete header line (${size} bytes): not a run file, or a run killed before it wrote anything.`);
  return text;
}
