import type { ChildProcess } from 'node:child_process';
import { UserError } from '../core/errors.ts';
import { executeRun, type RunJob } from './executeRun.ts';
import type { RunRecord } from './RunRecord.ts';
import { inLanes } from '../core/inLanes.ts';
import { startWorker, stopWorker } from './sweepWorkers.ts';

/** How jobs run. */
export interface RunJobsOptions {
  /** On this thread (`workers` 0): jobs in flight at once (default 1). */
  readonly inFlight?: number;
  /** On this thread: skip a job instead of starting it (a live model's run once its budget is spent). */
  readonly skip?: (job: RunJob) => boolean;
  /** On this thread: called as each job starts. */
  readonly onStart?: (job: RunJob) => void;
  /**
   * On this thread: called at once when a job fails, while the jobs in flight finish (the caller can make them
   * stop sooner: a sweep halts the model-call limits its live runs share).
   */
  readonly onFailure?: (error: unknown) => void;
  /** Start no more jobs once aborted (another set of jobs running beside these failed); workers are stopped. */
  readonly signal?: AbortSignal;
}

/** What a sweep worker sends back. */
export type WorkerReply =
  | { readonly type: 'ready' }
  | { readonly type: 'done'; readonly index: number; readonly record: RunRecord }
  | { readonly type: 'failed'; readonly index: number; readonly message: string; readonly user: boolean };

/**
 * Run jobs on `workers` worker processes, each worker holding two jobs and taking the next as soon as one is done;
 * or, with `workers` 0, on this thread, `inFlight` at a time (runs of a live model spend their time waiting on the
 * server: many in flight on one thread keep it busy, and share its model-call limits). `onDone` sees each record
 * as it arrives (arrival order varies; the records' indices do not). The first failed job stops the others and
 * rejects. On this thread, a job `skip` names is not started (a live model's run, once its budget is spent): the
 * records returned are then those of the jobs that ran to their seal (a run its budget stopped is left unsealed,
 * without a record).
 *
 * @example const records = await runJobs(jobs, 2, () => progress.tick())
 */
export async function runJobs(jobs: readonly RunJob[], workers: number, onDone: (record: RunRecord, job: RunJob) => void, options: RunJobsOptions = {}): Promise<RunRecord[]> {
  if (workers <= 0 || jobs.length === 0) return onThisThread(jobs, onDone, options);
  return onWorkers(jobs, workers, onDone, options.signal);
}

async function onThisThread(jobs: readonly RunJob[], onDone: (record: RunRecord, job: RunJob) => void, { inFlight = 1, skip, onStart, onFailure, signal }: RunJobsOptions): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  // Every lane ends before this returns or throws: no run goes on writing behind a sweep that has reported.
  await inLanes(
    jobs,
    inFlight,
    async (job) => {
      if (skip?.(job)) return;
      onStart?.(job);
      try {
        const record = await executeRun(job);
        // Null: a spent budget stopped the run, left unsealed (and `skip` now says so for the next live runs).
        if (record === null) return;
        records.push(record);
        onDone(record, job);
      } catch (error) {
        onFailure?.(error);
        throw error;
      }
    },
    () => signal?.aborted === true,
  );
  return records;
}

async function onWorkers(jobs: readonly RunJob[], workers: number, onDone: (record: RunRecord, job: RunJob) => void, signal?: AbortSignal): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  const children: ChildProcess[] = [];
  const byIndex = new Map(jobs.map((j) => [j.index, j]));
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let finished = 0;
      let failed = false;
      const fail = (error: Error) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      // The runs held are cut short (unsealed, run again next time) as when one of these jobs fails.
      const stopped = () => fail(new Error('stopped: another part of the sweep failed'));
      if (signal?.aborted) stopped();
      signal?.addEventListener('abort', stopped, { once: true });
      const give = (worker: ChildProcess, held: Set<RunJob>) => {
        if (failed || next >= jobs.length) return;
        const job = jobs[next++]!;
        held.add(job);
        worker.send(job);
      };
      const count = Math.min(workers, jobs.length);
      for (let w = 0; w < count; w++) {
        // The jobs this worker holds: if it is stopped mid-run (another run failed), their locks are cleared.
        const held = new Set<RunJob>();
        const worker = startWorker(held, count > 1);
        children.push(worker);
        worker.on('message', (reply: WorkerReply) => {
          // Two jobs in flight per worker: while one run waits for its seal's fsync the other computes, and no
          // worker idles for a round trip between jobs.
          if (reply.type === 'ready') return (give(worker, held), give(worker, held));
          if (reply.type === 'failed') {
            const job = byIndex.get(reply.index);
            const what = job ? `run ${job.cell.runId} (arm ${job.cell.arm}, ${job.cell.world}, seed ${job.cell.seed})` : `run #${reply.index}`;
            return fail(reply.user ? new UserError(`${what}: ${reply.message}`) : new Error(`${what} failed: ${reply.message}`));
          }
          held.delete(byIndex.get(reply.index)!);
          records.push(reply.record);
          onDone(reply.record, byIndex.get(reply.index)!);
          if (++finished === jobs.length) resolve();
          else give(worker, held);
        });
        worker.on('error', (error) => fail(error));
        // Workers only exit early if something ended them; once every job is done, they are stopped below. Not a
        // troupe error to report as a bug: killed from outside (the OOM killer, a user's kill: its signal), or ended
        // by a run's code (process.exit(), a throw in a timer: its exit code, and its own output above).
        worker.on('exit', (code, signal) => {
          if (finished >= jobs.length || failed) return;
          const how = signal ? `was killed (${signal})` : `exited (code ${code}; did a world or module call process.exit(), or throw outside a run?)`;
          const inHand = [...held].map((job) => `${job.cell.runId} (arm ${job.cell.arm}, ${job.cell.world}, seed ${job.cell.seed})`);
          fail(new UserError(`sweep worker process ${worker.pid} ${how} before the sweep was done${inHand.length ? `, running ${inHand.join(' and ')}` : ''}. The runs sealed so far are kept: running the same sweep again runs the rest.`));
        });
      }
    });
  } finally {
    await Promise.all(children.map(stopWorker));
  }
  return records;
}
