import { Worker } from 'node:worker_threads';

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

/**
 * End this process (SIGKILL) within a quarter second of its parent's end, even while its JavaScript is busy: a
 * thread of its own checks that the parent is still there. For a sweep worker, whose parent's death reaches its
 * main thread (as the end of the IPC channel) only when that next awaits — a run's code in a long synchronous
 * stretch would go on, and keep its file locked. Nothing is measured; the thread never keeps the process alive.
 */
export function endWithParent(): void {
  new Worker(
    `const { workerData } = require('node:worker_threads');
    setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 250);`,
    { eval: true, workerData: process.ppid, execArgv: [] },
  ).unref();
}
