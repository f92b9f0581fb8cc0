// Entry of a sweep worker process (see sweepWorkers.ts).
import { Worker } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

// If the sweep's process dies (SIGKILL) while this one is busy — loading, or a run's code in a long synchronous
// stretch — neither the end of the IPC channel nor a signal reaches this thread's JavaScript until it next awaits,
// and it would go on with its run and keep the file locked. A thread of its own checks every quarter second that
// the parent is still there, and ends the process when it is not.
new Worker(
  `const { workerData } = require('node:worker_threads');
  setInterval(() => { if (process.ppid !== workerData) process.kill(process.pid, 'SIGKILL'); }, 250);`,
  { eval: true, workerData: process.ppid, execArgv: [] },
).unref();

// troupe runs TypeScript through tsx: like the CLI launcher, register its loader first.
register();
await import('./sweepWorkerMain.ts');
