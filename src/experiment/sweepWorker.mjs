// Entry of a sweep worker process (see runJobs.ts). troupe runs TypeScript
// through tsx, so, like the CLI launcher, register its loader first.
import { register } from 'tsx/esm/api';

register();
await import('./sweepWorkerMain.ts');
