import { z } from 'zod';
import { canonicalJson } from '../core/canonical.ts';
import { UserError } from '../core/errors.ts';
import { resolveWorldParams } from '../runner/resolveRunConfig.ts';
import type { WorldDefinition } from '../world/types.ts';

/** One world parameter as `troupe worlds <world>` describes it, read from the world's zod schema. */
export interface WorldParamDoc {
  readonly name: string;
  /** Readable type with its allowed values or range, e.g. `integer in [3, 5]`, `"a" | "b" | null`. */
  readonly type: string;
  /** The allowed values when they are a finite list (enums, literals, booleans, null), else null. */
  readonly values: readonly unknown[] | null;
  /** True when the parameter has no default and is not optional: a run must give it (`--param name=value`). */
  readonly required: boolean;
  /** The value a run gets when the parameter is not given (absent: required, or optional without a default). */
  readonly default?: unknown;
  readonly description: string | null;
  /** The parameter's JSON Schema (zod's `toJSONSchema`, input side). */
  readonly schema: Record<string, unknown>;
}

/** A world as `troupe worlds <world>` describes it (and prints with --json). */
export interface WorldDoc {
  readonly id: string;
  readonly description: string;
  /** The world's module file. */
  readonly file: string;
  /** The turn cap when a run gives none. */
  readonly maxTurns: number;
  readonly params: readonly WorldParamDoc[];
  /** The seed the parameters left open were resolved with (the world's `resolveParams`, as `troupe run --seed` does). */
  readonly seed: number;
  /** The parameters given (`--param`), before defaults and resolution. */
  readonly given: Record<string, unknown>;
  /** The parameters the default agents are made for (null when they cannot be resolved, see `agentsError`). */
  readonly resolvedParams: Record<string, unknown> | null;
  /** The default agents for those parameters (null when they cannot be resolved). */
  readonly agents: readonly { readonly id: string; readonly role: string; readonly acts: readonly string[] }[] | null;
  readonly agentsError?: string;
}

/**
 * Describe a world: its parameters from the zod schema, and its default agents for the default parameters (with
 * `given` over them) resolved with `seed`. A world module may come with its own copy of zod; everything here reads
 * the schema through zod's public surface (`shape`, `safeParse`, `toJSONSchema`), which works on either.
 *
 * @example describeWorld(relay, file, 1).params.find((p) => p.name === 'jobs')?.default // 3
 */
export function describeWorld(world: WorldDefinition, file: string, seed: number, given: Record<string, unknown> = {}): WorldDoc {
  const shape = (world.params as { shape?: unknown }).shape;
  const params = typeof shape === 'object' && shape !== null ? Object.entries(shape as Record<string, z.ZodType>).map(([name, schema]) => paramDoc(name, schema)) : [];
  let resolvedParams: Record<string, unknown> | null = null;
  let agentsError: string | undefined;
  const required = params.filter((p) => p.required && !(p.name in given));
  if (required.length) {
    agentsError = `parameter${required.length > 1 ? 's' : ''} ${required.map((p) => p.name).join(', ')} must be given (--param ${required[0]!.name}=…)`;
  } else {
    resolvedParams = resolveWorldParams(world, given, seed, `World "${world.id}" parameters`);
  }
  let agents: WorldDoc['agents'] = null;
  if (resolvedParams) {
    try {
      agents = world.agents(resolvedParams).map((a) => ({ id: a.id, role: a.role.name, acts: [...a.role.acts] }));
    } catch (error) {
      throw new UserError(`World "${world.id}": agents() failed for parameters ${JSON.stringify(resolvedParams)}: ${(error as Error).message}`);
    }
  }
  return { id: world.id, description: world.description, file, maxTurns: world.maxTurns, params, seed, given, resolvedParams, agents, ...(agentsError ? { agentsError } : {}) };
}

function paramDoc(name: string, schema: z.ZodType): WorldParamDoc {
  let json: Record<string, unknown>;
  try {
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    json = rest;
  } catch {
    json = {};
  }
  // What a run gets when the parameter is left out: the default, undefined for an optional one, a failure if required.
  const absent = schema.safeParse(undefined);
  const description = typeof json.description === 'string' ? json.description : (schema.description ?? null);
  return {
    name,
    type: typeOf(json),
    values: valuesOf(json),
    required: !absent.success,
    ...(absent.success && absent.data !== undefined ? { default: absent.data } : {}),
    description,
    schema: json,
  };
}

type Json = Record<string, unknown>;
const membersOf = (s: Json): Json[] | null => ((s.anyOf ?? s.oneOf) as Json[] | undefined) ?? null;
/** Bounds at or past the safe-integer range are zod's way of saying "any integer": not worth printing. */
const bound = (v: unknown): v is number => typeof v === 'number' && Math.abs(v) < Number.MAX_SAFE_INTEGER;

/** A readable type from a JSON Schema: `integer in [3, 5]`, `number ≥ 0`, `"a" | "b" | null`, `array of string`. */
function typeOf(s: Json): string {
  const members = membersOf(s);
  if (members) return [...new Set(members.map(typeOf))].join(' | ');
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  if (Array.isArray(s.type)) return s.type.join(' | ');
  switch (s.type) {
    case 'integer':
    case 'number':
      return `${s.type}${range(s)}`;
    case 'string':
      return typeof s.format === 'string' ? `string (${s.format})` : typeof s.pattern === 'string' ? `string matching /${s.pattern}/` : 'string';
    case 'array':
      return `array of ${typeof s.items === 'object' && s.items !== null ? typeOf(s.items as Json) : 'any'}`;
    case 'boolean':
    case 'null':
    case 'object':
      return s.type;
    default:
      return 'any';
  }
}

function range(s: Json): string {
  const [lo, loOpen] = bound(s.exclusiveMinimum) ? [s.exclusiveMinimum, true] : bound(s.minimum) ? [s.minimum, false] : [null, false];
  const [hi, hiOpen] = bound(s.exclusiveMaximum) ? [s.exclusiveMaximum, true] : bound(s.maximum) ? [s.maximum, false] : [null, false];
  if (lo !== null && hi !== null) return ` in ${loOpen ? '(' : '['}${lo}, ${hi}${hiOpen ? ')' : ']'}`;
  if (lo !== null) return ` ${loOpen ? '>' : '≥'} ${lo}`;
  if (hi !== null) return ` ${hiOpen ? '<' : '≤'} ${hi}`;
  return '';
}

/** The allowed values when the schema lists them all (enum, const, boolean, null and unions of them), else null. */
function valuesOf(s: Json): unknown[] | null {
  const members = membersOf(s);
  if (members) {
    const each = members.map(valuesOf);
    return each.every((v) => v !== null) ? [...new Map(each.flat().map((v) => [canonicalJson(v), v])).values()] : null;
  }
  if ('const' in s) return [s.const];
  if (Array.isArray(s.enum)) return [...(s.enum as unknown[])];
  if (s.type === 'boolean') return [false, true];
  if (s.type === 'null') return [null];
  return null;
}
