// Entry of the mock server's worker thread (see startMockServerWorker.ts). troupe
// runs TypeScript through tsx, so, like the CLI launcher, register its loader first.
import { register } from 'tsx/esm/api';

register();
await import('./mockWorkerMain.ts');
