import { Worker } from 'node:worker_threads';
import type { MockServer, MockServerOptions, MockServerStats } from './startMockServer.ts';

type FromWorker = { type: 'ready'; url: string; port: number } | { type: 'stats' | 'closed'; stats: MockServerStats };

/**
 * The loopback server on its own thread, so that serving requests does not
 * take CPU from the engine under test — as a real model server would not.
 * Benchmarks use it; tests use `startMockServer` (a custom `respond` function
 * cannot cross threads). `stats()` returns the figures of the last `refresh`.
 *
 * @example const server = await startMockServerWorker({ latencyMs: 50 }); … await server.close();
 */
export async function startMockServerWorker(options: Omit<MockServerOptions, 'respond'> = {}): Promise<MockServer & { refresh(): Promise<MockServerStats> }> {
  const worker = new Worker(new URL('./mockWorker.mjs', import.meta.url), { workerData: { ...options, port: options.port ?? 0 } });
  let last: MockServerStats = { requests: 0, faults: 0, open: 0, peakOpen: 0 };
  const next = (type: FromWorker['type']): Promise<FromWorker> =>
    new Promise((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`mock server worker exited (code ${code}) before answering "${type}"`));
      const onMessage = (message: FromWorker) => {
        if (message.type !== type) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        worker.off('exit', onExit);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
      worker.once('exit', onExit);
    });
  const ready = (await next('ready')) as Extract<FromWorker, { type: 'ready' }>;
  return {
    url: ready.url,
    port: ready.port,
    stats: () => last,
    refresh: async () => {
      const answer = next('stats');
      worker.postMessage({ type: 'stats' });
      last = ((await answer) as { stats: MockServerStats }).stats;
      return last;
    },
    close: async () => {
      const closed = next('closed');
      worker.postMessage({ type: 'close' });
      last = ((await closed) as { stats: MockServerStats }).stats;
      await worker.terminate();
    },
  };
}
