import { UserCodeError } from './errors.ts';

/**
 * What a run says when code of the user's — a mitigation or monitor module, `who` — threw: a UserCodeError naming
 * it (the run ends in error saying whose code it was, not as troupe's internal error), with the line it was raised
 * at when that is a line of `file` (not of a data: URL tsx made of it). troupe's own account of a mistake the code
 * made (already a UserCodeError) passes through.
 */
export function userCodeThrew(who: string, file: string | null, error: unknown): UserCodeError {
  if (error instanceof UserCodeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const at = error instanceof Error ? /\n\s+at ([^\n]*)/.exec(error.stack ?? '')?.[1] : undefined;
  const line = file !== null && at?.includes(file) && !at.includes('data:') ? at : undefined;
  return new UserCodeError(`${who}: its code threw: ${message}${line ? ` (${line.trim()})` : ''}`);
}
