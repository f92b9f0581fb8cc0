// The recorder thread (see recorderThread.ts): extends the hash chains of the
// run files it is given and writes their lines, so that hashing and writing
// take a second core instead of the engine's. Plain JavaScript with no tsx:
// the thread starts in milliseconds and its heap stays a few MB.
//
// Batches arrive as UTF-8 bytes, one canonical event per '\n'-ended line, and
// are chained without decoding them: the chain rule of chain.ts,
// h = sha256(prevH + canonical) with prevH in hex, is applied to the bytes,
// which is the same thing since UTF-8 of a concatenation is the concatenation
// of the UTF-8. (A test checks that the thread's files equal the inline ones.)
import * as crypto from 'node:crypto';
import { fsyncSync, writeSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';

// One-shot `crypto.hash` needs Node ≥ 20.12; older Node 20s take the Hash object (as core/canonical.ts does).
const sha256 = crypto.hash ?? ((algorithm, data, encoding) => crypto.createHash(algorithm).update(data).digest(encoding));

const NEWLINE = 0x0a;
/** What replaces an event's closing `}`: `,"h":"<64 hex>"}` and the line end. */
const SUFFIX = 6 + 64 + 2 + 1;

/** Open files by id: { fd, hash, sinceSync, fsyncEvery, error }. */
const files = new Map();
let scratch = Buffer.alloc(64 * 1024);

/** Chain and format one batch; returns the file's lines, ready to write. */
function chainBatch(file, bytes) {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lines = 0;
  for (let at = input.indexOf(NEWLINE); at >= 0; at = input.indexOf(NEWLINE, at + 1)) lines++;
  const out = Buffer.allocUnsafe(input.length + lines * (SUFFIX - 2));
  let hash = file.hash;
  let start = 0;
  let pos = 0;
  for (let end = input.indexOf(NEWLINE); end >= 0; end = input.indexOf(NEWLINE, start)) {
    const length = end - start;
    if (scratch.length < 64 + length) scratch = Buffer.alloc(2 * (64 + length));
    scratch.write(hash, 0, 'latin1');
    input.copy(scratch, 64, start, end);
    hash = sha256('sha256', scratch.subarray(0, 64 + length), 'hex');
    pos += input.copy(out, pos, start, end - 1); // without the closing '}'
    pos += out.write(`,"h":"${hash}"}\n`, pos, 'latin1');
    start = end + 1;
  }
  file.hash = hash;
  return { out: out.subarray(0, pos), lines };
}

parentPort.on('message', (message) => {
  const file = files.get(message.id);
  switch (message.op) {
    case 'open':
      files.set(message.id, { fd: message.fd, hash: message.hash, sinceSync: 0, fsyncEvery: message.fsyncEvery, error: null });
      return;
    case 'append':
      // A file drained already (its owner ended it) takes no more lines; an exception here would end the thread
      // and every other file it writes.
      if (!file || file.error) return;
      try {
        const { out, lines } = chainBatch(file, message.bytes);
        for (let at = 0; at < out.length; ) at += writeSync(file.fd, out, at);
        file.sinceSync += lines;
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
      parentPort.postMessage({ id: message.id, hash: file?.hash ?? '', error: file ? file.error : 'drained twice' });
      return;
  }
});
