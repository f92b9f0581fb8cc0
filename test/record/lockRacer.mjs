// A worker thread of staleLockRace.test.ts. For each round it is sent, it waits at the round's shared barrier,
// then tries to lock the round's file at once with the other racers and reports whether it got the lock (it keeps
// it: the test ends the thread).
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { RunLock } = await import('../../src/record/RunLock.ts');
parentPort.on('message', ({ file, gate: buffer }) => {
  const gate = new Int32Array(buffer);
  Atomics.add(gate, 1, 1);
  Atomics.wait(gate, 0, 0);
  try {
    RunLock.acquire(file);
    parentPort.postMessage({ got: true });
  } catch (error) {
    parentPort.postMessage({ got: false, message: error.message });
  }
});
parentPort.postMessage({ ready: true });
