// Entry of a sweep worker process (see sweepWorkers.ts). troupe runs TypeScript through tsx: like the CLI launcher,
// register its loader first.
import { register } from 'tsx/esm/api';

register();
// If the sweep's process dies while this one is busy, this one ends too (see endWithParent).
(await import('../determinism/clock.ts')).endWithParent();
await import('./sweepWorkerMain.ts');
