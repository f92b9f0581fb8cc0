import { closeSync, openSync, readSync } from 'node:fs';
import { UserError } from '../../core/errors.ts';

const PREFIX = 4096;

/**
 * Is `path` a troupe run file rather than a JSON transcript? A `.jsonl` name
 * says so; otherwise the first 4 KB are read (never the whole file: a run
 * file may be far larger than any string) and the first line is checked for
 * the run format's header. A missing file is a UserError naming it.
 */
export function looksLikeRunFile(path: string): boolean {
  if (path.endsWith('.jsonl')) return true;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UserError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  try {
    const buffer = Buffer.alloc(PREFIX);
    const n = readSync(fd, buffer, 0, PREFIX, 0);
    const head = buffer.toString('utf8', 0, n).replace(/^\uFEFF/, '');
    const firstLine = head.slice(0, head.includes('\n') ? head.indexOf('\n') : head.length);
    return /"format"\s*:\s*"troupe\.run"/.test(firstLine);
  } catch (error) {
    throw new UserError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  } finally {
    closeSync(fd);
  }
}
