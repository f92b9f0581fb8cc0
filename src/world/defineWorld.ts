import type { WorldDefinition } from './types.ts';

/**
 * Declare a world (a guide: src/world/README.md). Identity function with a brand, so a world module loaded
 * from a path can be recognised and its types are checked at the definition.
 *
 * @example
 * export const coinFlip = defineWorld({
 *   id: 'coin-flip', description: 'Two agents agree on heads or tails.',
 *   params: z.object({}), maxTurns: 10, agents: () => [...], instructions: () => 'Say heads or tails.',
 *   init: () => ({ agreed: false }), scheduler: () => roundRobin(), progress: (s) => (s.agreed ? 1 : 0),
 *   termination: () => [goalReached()],
 * });
 */
export function defineWorld<P, S, A = never>(world: Omit<WorldDefinition<P, S, A>, 'kind'>): WorldDefinition<P, S, A> {
  return { kind: 'troupe.world', ...world };
}

/** True for a value made by `defineWorld`. */
export function isWorld(value: unknown): value is WorldDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'troupe.world';
}
