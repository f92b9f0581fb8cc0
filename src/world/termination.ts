import type { TerminationCondition } from './types.ts';

/** Ends the run when a message (optionally only from `from`) contains `token`. */
export function doneToken<S>(token: string, from: string | null = null): TerminationCondition<S> {
  return ({ last }) =>
    last && (from === null || last.from === from) && last.content.includes(token)
      ? { reason: 'done', detail: `${last.from} sent ${token}` }
      : null;
}

/** Ends the run when goal progress reaches `threshold`. */
export function goalReached<S>(threshold = 1): TerminationCondition<S> {
  return ({ progress }) => (progress >= threshold ? { reason: 'goal-reached', detail: `goal progress ${progress.toFixed(2)}` } : null);
}

/** Ends the run after `cap` messages (CAMEL caps role play at 40). */
export function maxMessages<S>(cap: number): TerminationCondition<S> {
  return ({ messages }) => (messages >= cap ? { reason: 'max-messages', detail: `${messages} messages (cap ${cap})` } : null);
}

/** The first condition that fires wins; conditions are checked in the order given. */
export function firstOf<S>(conditions: readonly TerminationCondition<S>[]): TerminationCondition<S> {
  return (view) => {
    for (const condition of conditions) {
      const hit = condition(view);
      if (hit) return hit;
    }
    return null;
  };
}
