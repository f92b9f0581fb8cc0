import { closeSync, openSync, readSync } from 'node:fs';
import { UserError } from '../../core/errors.ts';

const PREFIX = 4096;
/** The run header's format field. The header writes `type` and `format` first, so it lies within the first bytes. */
const RUN_FORMAT_FIELD = /"format"\s*:\s*"troupe\.run"/;

/**
 * Is `path` a troupe run file rather than a JSON transcript? A `.jsonl` name
 * says so; otherwise the first 4 KB are read (never the whole file: a run
 * file may be far larger than any string) and the first line is checked for
 * the run format's header. A missing or unreadable file is a UserError naming it.
 */
export function looksLikeRunFile(path: string): boolean {
  if (path.endsWith('.jsonl')) return true;
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(PREFIX);
    const n = readSync(fd, buffer, 0, PREFIX, 0);
    const firstLine = buffer.toString('utf8', 0, n).split('\n', 1)[0]!;
    return RUN_FORMAT_FIELD.test(firstLine);
  } catch (error) {
    throw new UserError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
