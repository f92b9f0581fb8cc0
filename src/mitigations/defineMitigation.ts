import { z } from 'zod';
import { UserError } from '../core/errors.ts';
import type { MitigationApi, MitigationDefinition, MitigationHandler, ParamValue } from './types.ts';

/** What `defineMitigation` takes: a strict zod object of parameters (each `.describe()`d) and the run-time part. */
export interface MitigationDeclaration<S extends z.ZodObject> {
  readonly kind: string;
  readonly summary: string;
  readonly schema: S;
  readonly notesOnly: boolean;
  /** Checks across parameters (e.g. "it would never fire"); return a message naming the parameter, or null. */
  readonly check?: (params: z.output<S>) => string | null;
  /** The monitors whose flags it acts on (see MitigationDefinition.reactsTo). */
  readonly reactsTo?: (params: z.output<S>) => readonly string[];
  create(params: z.output<S>, api: MitigationApi): MitigationHandler | null;
}

/**
 * Declare a mitigation kind from a zod parameter schema. Parameter errors
 * become UserErrors that name the mitigation, the parameter, what was
 * expected and what was given, and list the known parameters.
 *
 * @example
 * export const shout = defineMitigation({
 *   kind: 'shout', summary: 'a note every k turns', notesOnly: true,
 *   schema: z.object({ k: z.number().int().positive().default(3).describe('every k turns') }).strict(),
 *   create: (p, api) => (e) => { if (e.type === 'turn.start' && e.turn % p.k === 0) api.note(null, 'FOCUS!', `every ${p.k} turns`); },
 * });
 */
export function defineMitigation<S extends z.ZodObject>(declaration: MitigationDeclaration<S>): MitigationDefinition<z.output<S>> {
  // Strict whatever the declaration says: a misspelt parameter is refused, never silently left at its default.
  const schema = declaration.schema.strict() as unknown as S;
  const params = Object.fromEntries(
    Object.entries(declaration.schema.shape).map(([name, field]) => [name, (field as z.ZodType).description ?? '']),
  );
  return {
    kind: declaration.kind,
    summary: declaration.summary,
    params,
    notesOnly: declaration.notesOnly,
    parse: (raw) => parseParams(declaration.kind, schema, params, raw, declaration.check),
    ...(declaration.reactsTo && { reactsTo: declaration.reactsTo }),
    create: declaration.create,
  };
}

/** Validate `raw` against a strict object schema; a UserError names the mitigation and the first bad parameter. */
export function parseParams<S extends z.ZodObject>(
  kind: string,
  schema: S,
  docs: Readonly<Record<string, string>>,
  raw: Readonly<Record<string, ParamValue>>,
  check?: (params: z.output<S>) => string | null,
): z.output<S> {
  const known = Object.keys(docs);
  const listing = known.length
    ? `Parameters of "${kind}": ${known.map((k) => `${k} (${docs[k]})`).join('; ')}.`
    : `"${kind}" takes no parameters.`;
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    if (issue.code === 'unrecognized_keys') {
      throw new UserError(`Mitigation "${kind}": unknown parameter ${issue.keys.map((k) => `"${k}"`).join(', ')}. ${listing}`);
    }
    const name = String(issue.path[0] ?? '');
    throw new UserError(`Mitigation "${kind}": parameter "${name}" ${describeIssue(issue)}, got ${JSON.stringify(raw[name])}. ${listing}`);
  }
  const problem = check?.(result.data) ?? null;
  if (problem) throw new UserError(`Mitigation "${kind}": ${problem}. ${listing}`);
  return result.data;
}

/** "must be …" from a zod issue, in words a CLI user reads. */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`}`;
    case 'too_small':
      return `must be ${issue.inclusive === false ? '>' : '≥'} ${String(issue.minimum)}`;
    case 'too_big':
      return `must be ${issue.inclusive === false ? '<' : '≤'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return `is not valid (${issue.message})`;
  }
}
