import { Worker } from 'node:worker_threads';

/**
 * The process's recorder thread (recorderWorker.mjs): RunRecorder hands it
 * batches of canonical events as UTF-8 bytes (moved, not copied); it extends
 * each file's hash chain and writes the lines. One thread serves every run
 * recording in the process (one process may record 128 worlds at once
 * against a model server). It keeps the process alive only while a seal
 * waits for it: a run that never seals (its process failed) must not hang the
 * process, and leaves an unsealed file.
 */
class RecorderThread {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: (hash: string) => void; reject: (error: Error) => void }>();

  /** Hand over an open file whose chain stands at `hash`; returns its id for `append` and `drain`. */
  attach(fd: number, hash: string, fsyncEvery: number): number {
    const worker = this.start();
    const id = this.nextId++;
    worker.postMessage({ op: 'open', id, fd, hash, fsyncEvery });
    return id;
  }

  /** Chain and write these events: canonical JSON in UTF-8, each ended by '\n'. The bytes move to the thread. */
  append(id: number, bytes: Uint8Array): void {
    this.running().postMessage({ op: 'append', id, bytes }, [bytes.buffer as ArrayBuffer]);
  }

  /** Wait until every line sent for `id` is written; resolves to the chain hash of the last one and detaches the file. */
  drain(id: number): Promise<string> {
    const worker = this.running();
    return new Promise((resolve, reject) => {
      if (this.waiting.size === 0) worker.ref();
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ op: 'drain', id });
    });
  }

  private running(): Worker {
    if (!this.worker) throw new Error('the recorder thread stopped while a run file was open');
    return this.worker;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    // No execArgv: the thread is plain JavaScript and needs no `--import tsx` the process may have started with.
    const worker = new Worker(new URL('./recorderWorker.mjs', import.meta.url), { execArgv: [] });
    worker.unref();
    worker.on('message', (reply: { id: number; hash: string; error: string | null }) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (reply.error) waiter?.reject(new Error(`writing the run file failed (${reply.error})`));
      else waiter?.resolve(reply.hash);
    });
    const fail = (error: Error): void => {
      this.worker = null;
      for (const waiter of this.waiting.values()) waiter.reject(new Error(`the recorder thread stopped: ${error.message}`));
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

export const recorderThread = new RecorderThread();
