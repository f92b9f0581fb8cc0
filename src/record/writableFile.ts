import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../core/errors.ts';

/** A file troupe cannot create or write (a run file, its lock, a copy): the user's to fix, e.g. with --out. */
export class CannotWrite extends UserError {}

/** The error for a file troupe cannot create or write. */
export function cannotWrite(what: string, file: string, error: unknown): CannotWrite {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new CannotWrite(`Cannot write ${what} ${file} (${code}): choose a writable directory with --out DIR.`);
}

/** Make the folder `file` goes into (mkdir -p), or throw `cannotWrite`. */
export function makeDirsFor(what: string, file: string): void {
  // A file where the folder goes (`--out results.csv`): nothing below would say so (mkdir -p sees it exists).
  const notAFolder = fileOnPath(dirname(file));
  if (notAFolder !== null) throw new CannotWrite(`Cannot write ${what} ${file}: ${notAFolder} is a file, not a folder; choose a folder with --out DIR.`);
  try {
    makeDirs(dirname(file));
  } catch (error) {
    throw cannotWrite(what, file, error);
  }
}

/** The deepest existing path at or above `dir`, if it is not a folder (null when it is one). */
function fileOnPath(dir: string): string | null {
  for (let at = dir; ; at = dirname(at)) {
    let stat;
    try {
      stat = statSync(at, { throwIfNoEntry: false });
    } catch {
      stat = undefined; // ENOTDIR: a file higher up, found on the way there
    }
    if (stat) return stat.isDirectory() ? null : at;
    if (dirname(at) === at) return null;
  }
}

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync can spin forever
 * on some paths it may not create (e.g. under /proc).
 */
export function makeDirs(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirs(parent);
  try {
    mkdirSync(dir);
  } catch (error) {
    // Another writer (a second sweep worker starting its first run) made it meanwhile.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}
