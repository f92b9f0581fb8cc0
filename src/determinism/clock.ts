/**
 * Virtual time. A run's only clock is its turn counter; nothing in a run may
 * read the wall clock, except `wallClockIso` for header metadata that is kept
 * outside the hash chain.
 */
export class LogicalClock {
  private current = 0;
  get tick(): number {
    return this.current;
  }
  /** Move to `tick` (time only moves forward). */
  advanceTo(tick: number): void {
    if (tick < this.current) throw new Error(`LogicalClock: cannot go back from ${this.current} to ${tick}`);
    this.current = tick;
  }
}

/** Wall-clock time as ISO text, for run-header metadata and reports only — never inside hashed data. */
export function wallClockIso(): string {
  return new Date().toISOString();
}

/** Monotonic wall time in ms, for benchmarks and progress output only. */
export function wallClockMs(): number {
  return performance.now();
}

/**
 * Real waiting, for live model transports only (retry backoff, rate limits,
 * the mock server's simulated latency). Lives here because this module is the
 * one place allowed to touch timers; replay never sleeps.
 */
export function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * Call `fn` every `ms` of wall time until the returned stop function is called: for progress output only (a
 * sweep whose runs are long still says it is alive). The timer never keeps the process alive.
 */
export function everyMs(ms: number, fn: () => void): () => void {
  const timer = setInterval(fn, ms);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Let the event loop run what is queued (a signal handler, above all) before going on. No time is measured and
 * nothing is scheduled for later: a caller that pauses at fixed points of its own work stays deterministic.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
