import { parentPort, workerData } from 'node:worker_threads';
import { startMockServer, type MockServerOptions } from './startMockServer.ts';

// Runs inside the worker: start the server, report its address, answer stats and close requests.
const port = parentPort!;
const server = await startMockServer(workerData as MockServerOptions);
port.postMessage({ type: 'ready', url: server.url, port: server.port });
port.on('message', async (message: { type: 'stats' | 'close' }) => {
  if (message.type === 'stats') port.postMessage({ type: 'stats', stats: server.stats() });
  else {
    await server.close();
    port.postMessage({ type: 'closed', stats: server.stats() });
    port.close();
  }
});
