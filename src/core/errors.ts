import { z } from 'zod';

/**
 * An error the user can fix (bad flag, bad spec, unknown world). The CLI prints
 * its message without a stack trace and exits non-zero; anything else is a bug.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
}

/**
 * The user's own code — a world module, a mitigation module — made a mistake or threw during a run. Not troupe's
 * bug: the run ends in error with this message (naming the module) instead of an internal error.
 */
export class UserCodeError extends UserError {}

/** Validate `data` against `schema`, or throw a UserError naming where it came from and which field is wrong. */
export function parseOrExplain<S extends z.ZodType>(schema: S, data: unknown, where: string): z.infer<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new UserError(`${where} failed validation:\n${z.prettifyError(result.error)}`);
}
