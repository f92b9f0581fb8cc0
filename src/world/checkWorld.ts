import { UserError } from '../core/errors.ts';
import type { WorldDefinition } from './types.ts';

const REQUIRED_FUNCTIONS = ['agents', 'instructions', 'init', 'scheduler', 'progress', 'termination'] as const;
const OPTIONAL_FUNCTIONS = ['resolveParams', 'script', 'opening', 'addressee', 'parseAction', 'apply', 'actOf', 'onMessage'] as const;

/**
 * Check the shape of a world a module exported, so that a field left out or mistyped is reported when the world
 * loads — naming the module and the field — rather than as an internal error in the middle of a run.
 *
 * @example checkWorld(world, '/home/me/worlds/coin.ts')
 */
export function checkWorld(world: WorldDefinition, file: string): void {
  const problems: string[] = [];
  const w = world as unknown as Record<string, unknown>;
  if (typeof w.id !== 'string' || !/^[\w.-]+$/.test(w.id)) problems.push(`\`id\` must be a name of letters, digits, _ . or -, got ${shown(w.id)}`);
  if (typeof w.description !== 'string') problems.push(`\`description\` must be a string, got ${shown(w.description)}`);
  if (typeof (w.params as { safeParse?: unknown } | undefined)?.safeParse !== 'function') problems.push('`params` must be a zod schema (e.g. z.object({}))');
  if (!Number.isInteger(w.maxTurns) || (w.maxTurns as number) < 1) problems.push(`\`maxTurns\` must be a whole number ≥ 1, got ${shown(w.maxTurns)}`);
  for (const name of REQUIRED_FUNCTIONS) if (typeof w[name] !== 'function') problems.push(`\`${name}\` must be a function, got ${shown(w[name])}`);
  for (const name of OPTIONAL_FUNCTIONS) if (w[name] !== undefined && typeof w[name] !== 'function') problems.push(`\`${name}\`, when given, must be a function, got ${shown(w[name])}`);
  const acts = ['parseAction', 'apply'].filter((name) => w[name] !== undefined);
  if (acts.length > 0 && (acts.length < 2 || typeof (w.actionSchema as { safeParse?: unknown } | undefined)?.safeParse !== 'function')) {
    problems.push('`parseAction`, `actionSchema` (a zod schema) and `apply` go together: a world with actions needs all three');
  }
  if (problems.length > 0) throw new UserError(`World module ${file} does not define a usable world:\n${problems.map((p) => `  ✖ ${p}`).join('\n')}`);
}

function shown(value: unknown): string {
  return value === undefined ? 'nothing' : typeof value === 'function' ? 'a function' : JSON.stringify(value) ?? String(value);
}
