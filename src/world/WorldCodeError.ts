import { hashOf } from '../core/canonical.ts';
import { UserCodeError } from '../core/errors.ts';

/**
 * A world's code returned what the world contract does not allow (a progress outside [0, 1], an unknown speaker,
 * a note that is not text). A mistake in the user's world module, not in troupe: the run ends in error with this
 * message instead of an internal error.
 */
export class WorldCodeError extends UserCodeError {}

/** `value` as a goal progress, or a WorldCodeError naming the world and the callback. */
export function checkedProgress(world: string, value: unknown): number {
  if (typeof value === 'number' && value >= 0 && value <= 1) return value;
  throw new WorldCodeError(`world "${world}": progress(state) returned ${describe(value)}; expected a number from 0 to 1.`);
}

/** `value` as this turn's speakers (ids of the run's agents), or a WorldCodeError. */
export function checkedSpeakers(world: string, value: unknown, agents: readonly string[]): readonly string[] {
  const unknown = Array.isArray(value) ? value.filter((id) => typeof id !== 'string' || !agents.includes(id)) : null;
  if (unknown && unknown.length === 0) return value as string[];
  const what = unknown ? `unknown agent${unknown.length > 1 ? 's' : ''} ${unknown.map(describe).join(', ')}` : describe(value);
  throw new WorldCodeError(`world "${world}": the scheduler's next() returned ${what}; expected a list of the run's agents (${agents.join(', ')}).`);
}

/** The digest of a world state (recorded in `env.update`), or a WorldCodeError if the state is not plain JSON. */
export function checkedDigest(world: string, state: unknown): string {
  try {
    return hashOf(state).slice(0, 16);
  } catch (error) {
    throw new WorldCodeError(`world "${world}": its state is not plain JSON (${(error as Error).message.replace(/^canonicalJson: /, '')}); keep it to objects, arrays, strings, finite numbers, booleans and null, so that it is hashed whole.`);
  }
}

/** `value` as an outcome of the world's `apply` or `onMessage` (`{ state, changed, ok, reason, note }`), or a WorldCodeError. */
export function checkedOutcome<T>(world: string, callback: string, value: T): T {
  if (typeof value === 'object' && value !== null && 'state' in value) return value;
  throw new WorldCodeError(`world "${world}": ${callback}(…) returned ${describe(value)}; expected an outcome { state, changed, ok, reason, note }.`);
}

/**
 * What a run that ended in error says of `error`: a mistake the world's code made or threw (its module's file is
 * where the error was raised) names the world, one a mitigation module threw names the mitigation (a
 * UserCodeError); anything else is troupe's own (an internal error).
 */
export function errorDetail(error: unknown, world: string, file: string): string {
  if (error instanceof UserCodeError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const raisedAt = error instanceof Error ? /\n\s+at [^\n]*/.exec(error.stack ?? '')?.[0] : undefined;
  if (raisedAt !== undefined && raisedIn(raisedAt, file)) return `world "${world}": its code threw: ${message} (${atFile(raisedAt, file)})`;
  return `internal error: ${message}`;
}

/**
 * Was a stack frame raised in `file`? A module outside a `"type": "module"` package is loaded by tsx in a namespace of
 * its own, and its frames then name a `data:` URL holding the file's path URL-encoded.
 */
function raisedIn(frame: string, file: string): boolean {
  return frame.includes(file) || frame.includes(encodeURIComponent(file));
}

/** The frame as a reader wants it: the function and the file's line (not a data: URL of the module's wrapper). */
function atFile(frame: string, file: string): string {
  const text = frame.trim().replace(/^at /, '');
  if (text.includes(file)) return text;
  // `fn (data:text/javascript,…%2Fpath%2Fworld.ts…:3:1446)`: the function and the file; the position is in the
  // transformed code, not in the file, so it is left out.
  const fn = /^([^(]*)\(/.exec(text)?.[1]?.trim();
  return `${fn ? `${fn} ` : ''}(${file})`;
}

/** `value` as a world note (`opening`, an outcome's `note`): text or null, or a WorldCodeError. */
export function checkedNote(world: string, where: string, value: unknown): string | null {
  if (value === null || typeof value === 'string') return value;
  throw new WorldCodeError(`world "${world}": ${where} returned ${describe(value)}; expected text or null.`);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value) ?? String(value);
}
