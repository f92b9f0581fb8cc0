import { setFlagsFromString } from 'node:v8';

/** Multi-worker sweeps running in this process now. */
let users = 0;

/**
 * Run `fn` with TurboFan's inlining off while `workers` (≥ 2) sweep workers
 * share the cores. Each worker is a fresh V8 isolate that compiles the engine
 * anew, and inlining makes those compiles much costlier (about 100 ms of
 * CPU per compile of the runner's turn loop): 0.6–0.8 s of CPU per worker in
 * a 1,000-run sweep, which with every core running a worker is
 * taken from the runs. Without inlining the compiled code is about 2% slower
 * per run, so up to several thousand runs per worker the sweep comes out ahead
 * (the sweep bench measures both sides). One worker keeps inlining: its
 * compiles run on an otherwise idle core. V8's flags are per process, so the
 * flag is set before the workers start and restored after them; a process
 * started with `--no-turbo-inlining` keeps it. Compiled code never changes
 * what a run does, only how fast.
 */
export async function withWorkerJit<T>(workers: number, fn: () => Promise<T>): Promise<T> {
  if (workers < 2 || process.execArgv.includes('--no-turbo-inlining')) return fn();
  // Sweeps running at once in one process share the flag: the last one to finish restores it.
  if (users++ === 0) setFlagsFromString('--no-turbo-inlining');
  try {
    return await fn();
  } finally {
    if (--users === 0) setFlagsFromString('--turbo-inlining');
  }
}
