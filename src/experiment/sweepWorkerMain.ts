import { parentPort } from 'node:worker_threads';
import { UserError } from '../core/errors.ts';
import { executeRun, type RunJob } from './executeRun.ts';
import type { WorkerReply } from './runJobs.ts';

/** A sweep worker: runs the jobs the main thread hands out (a couple at a time, interleaved at their awaits). */
const port = parentPort!;
port.on('message', (job: RunJob) => {
  executeRun(job).then(
    (record) =>
      port.postMessage(
        record
          ? ({ type: 'done', index: job.index, record } satisfies WorkerReply)
          : // Only a live model's run stops on a spent budget, and those run on the main thread (runSweep).
            ({ type: 'failed', index: job.index, message: 'stopped by a spent model-call budget, left unsealed', user: false } satisfies WorkerReply),
      ),
    (error: unknown) =>
      port.postMessage({
        type: 'failed',
        index: job.index,
        message: error instanceof Error ? error.message : String(error),
        user: error instanceof UserError,
      } satisfies WorkerReply),
  );
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
