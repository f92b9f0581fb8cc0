import { UserError } from '../core/errors.ts';
import { shortStack } from '../core/shortStack.ts';
import { executeRun, type RunJob } from './executeRun.ts';
import type { WorkerReply } from './runJobs.ts';

/**
 * A sweep worker process: runs the jobs the sweep's process hands out (a couple at a time, interleaved at their
 * awaits) and sends back each one's record.
 */
const reply = (message: WorkerReply): void => {
  // The sweep's process may be gone (killed): there is no one to tell.
  if (process.connected) process.send!(message);
};
process.on('message', (job: RunJob) => {
  executeRun(job).then(
    (record) =>
      reply(
        record
          ? { type: 'done', index: job.index, record }
          : // Only a live model's run stops on a spent budget, and those run in the sweep's process (runSweep).
            { type: 'failed', index: job.index, message: 'stopped by a spent model-call budget, left unsealed', user: false },
      ),
    (error: unknown) =>
      reply({ type: 'failed', index: job.index, message: error instanceof Error ? error.message : String(error), user: error instanceof UserError }),
  );
});
// A throw outside any run (in a module's timer, a promise no run awaits) ends the worker, which the sweep reports
// with the runs in hand. Said briefly: Node's own report would print the frames of a module tsx loads apart as
// data: URLs of the whole compiled module, kilobytes each.
process.on('uncaughtException', (error) => {
  process.stderr.write(`troupe: sweep worker process ${process.pid}: uncaught ${shortStack(error)}\n`);
  process.exit(1);
});
// The sweep's process ended (killed, or it stopped this worker): so does the worker. Its runs in flight stay
// unsealed, their locks naming a process that is gone (stale: the next sweep takes them over and runs them again).
process.on('disconnect', () => process.exit(1));
reply({ type: 'ready' });
