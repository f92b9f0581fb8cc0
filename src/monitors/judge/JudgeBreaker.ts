import type { PolicyAttempt } from '../../policies/Policy.ts';

/** HTTP statuses that every later call would get too: the key, the permission or the model is wrong. */
const FATAL_STATUS = new Set([401, 403, 404]);

/** Calls in a row that failed after all their retries, after which a server is taken for down. */
export const FAILURES_IN_A_ROW = 5;

/**
 * When to stop calling the judge at all, shared by every pass of a command
 * (each file of `troupe judge`, each run of a sweep): a spent budget, a server
 * refusing the key, permission or model, or `FAILURES_IN_A_ROW` calls that
 * failed after all their retries. Without it a dead server would cost every
 * message's full retries, run after run.
 *
 * @example if (breaker.stopped === null) breaker.note((await policy.decide(request)).attempts)
 */
export class JudgeBreaker {
  /** Why no more calls are made, or null while they are. */
  stopped: string | null = null;
  private inARow = 0;

  /** Take a call's attempts into account. */
  note(attempts: readonly PolicyAttempt[]): void {
    const error = attempts.at(-1)?.error ?? null;
    if (error === null) {
      this.inARow = 0;
      return;
    }
    if (error.kind === 'budget') this.stopped ??= `the model-call budget is spent (${error.message})`;
    else if (error.kind === 'http' && error.status !== null && FATAL_STATUS.has(error.status)) {
      this.stopped ??= `the judge's server answered ${error.status} (${error.message.slice(0, 160)}): fix its key, model or address and judge again`;
    } else if (++this.inARow >= FAILURES_IN_A_ROW) {
      // A reply that came but was no verdict is the model's doing, not the server's.
      const why = error.kind === 'malformed' && error.status === 200 ? 'does the model answer in the form asked for? (--output prompt or json_schema)' : 'is its server up?';
      this.stopped ??= `${FAILURES_IN_A_ROW} judge calls in a row failed after all their retries (the last: ${error.kind}${error.status ? ` ${error.status}` : ''}: ${error.message.slice(0, 160)}): ${why}`;
    }
  }
}
