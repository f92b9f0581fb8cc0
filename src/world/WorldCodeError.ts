import { hashOf } from '../core/canonical.ts';
import { UserError } from '../core/errors.ts';

/**
 * A world's code returned what the world contract does not allow (a progress outside [0, 1], an unknown speaker,
 * a note that is not text). A mistake in the user's world module, not in troupe: the run ends in error with this
 * message instead of an internal error.
 */
export class WorldCodeError extends UserError {}

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
