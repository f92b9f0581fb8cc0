// The recorder thread (see RecorderThread.ts): extends the hash chains of the
// run files it is given and writes their lines, so that hashing and writing
// take a second core instead of the engine's. Plain JavaScript with no tsx:
// the thread starts in milliseconds and its heap stays a few MB.
import { fsyncSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { chainHash, eventLine } from './chainCore.mjs';

/** Open files by id: { fd, hash, sinceSync, fsyncEvery, error }. */
const files = new Map();

parentPort.on('message', (message) => {
  const file = files.get(message.id);
  switch (message.op) {
    case 'open':
      files.set(message.id, { fd: message.fd, hash: message.hash, sinceSync: 0, fsyncEvery: message.fsyncEvery, error: null });
      return;
    case 'append':
      if (file.error) return;
      try {
        let hash = file.hash;
        const lines = message.events.map((canonical) => eventLine(canonical, (hash = chainHash(hash, canonical))));
        writeSync(file.fd, `${lines.join('\n')}\n`);
        file.hash = hash;
        file.sinceSync += lines.length;
        if (file.sinceSync >= file.fsyncEvery) {
          fsyncSync(file.fd);
          file.sinceSync = 0;
        }
      } catch (error) {
        file.error = `${error.code ?? 'error'}: ${error.message}`;
      }
      return;
    case 'drain':
      // Every line sent before is written: hand the chain back and forget the file (its owner seals or abandons it).
      files.delete(message.id);
      parentPort.postMessage({ id: message.id, hash: file.hash, error: file.error });
      return;
  }
});
