import type { Scheduler, WorldView } from './types.ts';

/** Agents speak in turn, in the order the world lists them. */
export function roundRobin<S>(): Scheduler<S> {
  return { kind: 'round-robin', next: (view) => [view.agents[(view.turn - 1) % view.agents.length]!] };
}

/** A moderator picks the next speaker from the environment (e.g. whoever's stage is awaited). */
export function moderator<S>(pick: (view: WorldView<S>) => string): Scheduler<S> {
  return { kind: 'moderator', next: (view) => [pick(view)] };
}

/**
 * Everyone moves at once on the same observation; moves are applied in agent-id
 * order (never in the order replies arrive).
 */
export function simultaneous<S>(): Scheduler<S> {
  return { kind: 'simultaneous', next: (view) => [...view.agents].sort() };
}
