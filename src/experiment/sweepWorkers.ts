import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { clearLockOf } from '../record/RunLock.ts';
import type { RunJob } from './executeRun.ts';

const WORKER = fileURLToPath(new URL('./sweepWorker.mjs', import.meta.url));

/** The sweep workers of this process that have not exited, each with the jobs it holds. */
const live = new Map<ChildProcess, ReadonlySet<RunJob>>();

/**
 * Start a sweep worker: a process of its own, not a thread of this one. Worker threads share their process's V8
 * platform (its compiler and GC threads) and allocator: on a 2-core machine two of them ran 1.5× the runs of one
 * after warm-up, where two processes run 1.7× (the sweep bench, before and after the switch). It runs with this
 * process's node flags (a raised heap limit, `--conditions`), as a thread would, so a run does not depend on where
 * it ran (but for `--inspect`, which is the sweep's own). The job and its record cross by structured clone
 * ('advanced'), as between threads. No stdin: the terminal's is this process's. What the worker prints (a world's
 * or module's own logging) goes to this process's stderr: stdout is the sweep's table, or its summary as JSON,
 * which stray lines would break.
 *
 * With `siblings` (other workers sharing the cores) V8 compiles without inlining. Each worker compiles the engine
 * anew, and inlining makes those compiles much costlier (about 100 ms of CPU per compile of the runner's turn
 * loop), which with every core running a worker is taken from the runs; without it the compiled code is about 2%
 * slower. Measured on 1,000-run sweeps on 2 workers: 6.6–7.1 s without inlining, 7.0–8.2 s with it; 3,000-run
 * sweeps came out alike. A lone worker keeps inlining: its compiles run on an otherwise idle core. Compiled code
 * never changes what a run does, only how fast.
 */
export function startWorker(held: ReadonlySet<RunJob>, siblings: boolean): ChildProcess {
  // Not the inspector's: every worker would try the sweep's port, fail, and say so (debug a module with --workers 0).
  const flags = process.execArgv.filter((flag) => !/^--inspect(-brk|-wait)?(=|$)/.test(flag));
  const execArgv = siblings ? [...flags, '--no-turbo-inlining'] : flags;
  const child = fork(WORKER, [], { serialization: 'advanced', execArgv, stdio: ['ignore', 2, 2, 'ipc'] });
  live.set(child, held);
  return child;
}

/**
 * Stop a worker and wait until it is gone; then clear the locks of the runs it held (cut short, unsealed: the next
 * sweep runs them again). They name a process that is gone, so they would be taken over as stale anyway.
 */
export async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const gone = once(child, 'exit');
    child.kill('SIGKILL');
    await gone;
  }
  clearLocks(child);
  live.delete(child);
}

/**
 * Kill every sweep worker of this process at once, and clear the locks of their runs: this process is about to
 * exit (interrupted). A worker left to notice that by itself would go on with the run in hand, and keep its file
 * locked, until it next awaits.
 */
export function killWorkers(): void {
  for (const child of live.keys()) {
    child.kill('SIGKILL');
    clearLocks(child);
  }
  live.clear();
}

function clearLocks(child: ChildProcess): void {
  for (const job of live.get(child) ?? []) clearLockOf(job.cell.file, { pid: child.pid!, thread: 0 });
}
