import { closeSync, fsync, fsyncSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson } from '../core/canonical.ts';
import type { RunEvent, TerminationReason } from '../core/events.ts';
import { chainHash, eventLine, headerHash } from './chain.ts';
import { recorderThread } from './recorderThread.ts';
import { RunLock } from './RunLock.ts';
import { syncFolder, syncFolderNow } from './syncFolder.ts';
import type { RunHeader, Seal } from './runFile.ts';
import { cannotWrite } from './writableFile.ts';

/** Batching: write every `writeEvery` lines, fsync every `fsyncEvery` lines and at the seal. */
export interface RecorderOptions {
  readonly writeEvery?: number;
  readonly fsyncEvery?: number;
  /**
   * Hash and write on the process's recorder thread (recorderThread.ts)
   * instead of this one: a single run then uses a second core for its
   * recording. Sweep workers, which already fill the cores, keep it off.
   * Only `sealAsync` can seal such a recorder.
   */
  readonly thread?: boolean;
  /** The file's lock, if the caller took it already (resume holds it from before it reads the file). */
  readonly lock?: RunLock;
  /**
   * fsync the file's folder, so its name is as durable as its lines (default true): a new file's at once, with its
   * header; an appended one's at the seal. A sweep of synthetic runs passes false and syncs its folder once after
   * them: two of a short run's three fsyncs, for nothing a rerun cannot restore.
   */
  readonly syncFolder?: boolean;
}

/** Where an appending recorder picks up a chain (resume). */
export interface ChainPosition {
  readonly hash: string;
  readonly events: number;
  readonly counts: Record<string, number>;
}

/**
 * Writes a run file: header, one hash-chained event per line, seal. Lines are
 * written in batches and fsynced periodically, so a crash leaves a valid
 * prefix (possibly with a torn last line) that is recognisably unsealed.
 */
export class RunRecorder {
  /** Recorders open in this thread, for `abandonOpen` (an interrupted process closes its files unsealed). */
  private static readonly open = new Set<RunRecorder>();

  /**
   * Write out and close every recorder still open in this thread, unsealed (recognisably incomplete, resumable);
   * returns the files left unsealed. A seal already under way is let finish, so its file is complete and not
   * listed. For an interrupted process (SIGINT, SIGTERM), before it exits.
   */
  static async abandonOpen(): Promise<string[]> {
    const open = [...RunRecorder.open];
    const seals = await Promise.all(open.map((r) => r.end(() => r.abandonAndClose()).catch(() => null)));
    return open.filter((_, i) => seals[i] === null).map((r) => r.file);
  }

  /** Lines waiting to be written (inline). */
  private lines: string[] = [];
  /** This file's id on the recorder thread, if it records there. */
  private readonly threadId: number | null;
  /** With a thread: canonical events waiting to be handed over, as UTF-8 lines in `batch[0, batchEnd)`. */
  private batch: Buffer = NO_BATCH;
  private batchEnd = 0;
  private batched = 0;
  private sinceSync = 0;
  private closed = false;
  /**
   * How the file is being ended, by the first of `sealAsync` and `abandonAsync` (an interrupt may ask for one while
   * the other is under way): the seal, or null for a file left unsealed. Asking again gets the same ending, so
   * the recorder thread is drained once and the file closed once; events appended after it are not recorded.
   */
  private ending: Promise<Seal | null> | null = null;
  /** The background fsync in flight, if any (periodic syncs never block the event loop). */
  private syncing: Promise<void> = Promise.resolve();
  private readonly writeEvery: number;
  private readonly fsyncEvery: number;
  /** The folder to fsync at the seal: an appended file's (see `append`). */
  private folderToSync: string | null = null;

  private constructor(
    readonly file: string,
    private readonly fd: number,
    private hash: string,
    private count: number,
    private readonly counts: Record<string, number>,
    /** Held from open to close: no other writer touches the file meanwhile. */
    private readonly lock: RunLock,
    options: RecorderOptions,
  ) {
    this.writeEvery = options.writeEvery ?? 256;
    this.fsyncEvery = options.fsyncEvery ?? 4096;
    this.threadId = options.thread ? recorderThread.attach(fd, hash, this.fsyncEvery) : null;
    RunRecorder.open.add(this);
  }

  /** Start a new run file (truncating any earlier file of the same run id, unless a live writer holds it). */
  static create(file: string, header: Omit<RunHeader, 'h'>, options: RecorderOptions = {}): RunRecorder {
    const h = headerHash(header);
    const recorder = openForWrite(file, 'w', options.lock, (fd, lock) => {
      writeSync(fd, `${JSON.stringify({ ...header, h })}\n`);
      return new RunRecorder(file, fd, h, 0, {}, lock, options);
    });
    // The header and the file's name made durable at once, in the background: a long run killed by a power loss
    // can then be resumed. A sweep's runs (syncFolder false) skip both: a run cut short there is run again.
    if (options.syncFolder ?? true) recorder.syncInBackground(dirname(file));
    return recorder;
  }

  /** Continue an unsealed run file whose valid prefix ends at `position` (the caller trims any torn line first). */
  static append(file: string, position: ChainPosition, options: RecorderOptions = {}): RunRecorder {
    const recorder = openForWrite(file, 'a', options.lock, (fd, lock) => new RunRecorder(file, fd, position.hash, position.events, { ...position.counts }, lock, options));
    // Its writer may have been killed before the name was synced, or it is a new copy (resume --out): at the seal.
    if (options.syncFolder ?? true) recorder.folderToSync = dirname(file);
    return recorder;
  }

  append(event: RunEvent): void {
    this.appendCanonical(event.type, canonicalJson(event));
  }

  /** Append an event given as its canonical JSON (a re-run that compared it with a recording already has it). */
  appendCanonical(type: string, canonical: string): void {
    if (this.ending) return;
    this.count++;
    this.counts[type] = (this.counts[type] ?? 0) + 1;
    if (this.threadId !== null) {
      // UTF-8 takes at most 3 bytes per UTF-16 unit.
      const room = 3 * canonical.length + 1;
      if (this.batchEnd + room > this.batch.length) {
        this.handOver();
        this.batch = newBatch(room);
      }
      this.batchEnd += this.batch.write(canonical, this.batchEnd);
      this.batch[this.batchEnd++] = NEWLINE;
      if (++this.batched >= this.writeEvery) this.handOver();
      return;
    }
    this.hash = chainHash(this.hash, canonical);
    this.lines.push(eventLine(canonical, this.hash));
    if (this.lines.length >= this.writeEvery) this.flush();
  }

  /** Write the seal, fsync and close. Returns the seal. */
  seal(termination: TerminationReason): Seal {
    if (this.threadId !== null) throw new Error('internal: a recorder on the recorder thread seals with sealAsync');
    try {
      const seal = this.writeSeal(termination);
      fsyncSync(this.fd);
      if (this.folderToSync !== null) syncFolderNow(this.folderToSync);
      return seal;
    } finally {
      // Sealed or failing to, the file is closed and its lock given up: a failed seal leaves it unsealed.
      this.close();
    }
  }

  /**
   * `seal` without blocking the event loop on the final fsync: many worlds
   * recording at once in one process (e.g. against a model server) would
   * otherwise stall each other. Resolves once the seal is durable; to null
   * if the file was abandoned first (the process was interrupted).
   */
  sealAsync(termination: TerminationReason): Promise<Seal | null> {
    return this.end(() => this.sealAndClose(termination));
  }

  private async sealAndClose(termination: TerminationReason): Promise<Seal> {
    try {
      if (this.threadId !== null) {
        this.handOver();
        // The thread lets go of the file on a drain, whether or not its writes failed: closing it after is safe.
        this.hash = await recorderThread.drain(this.threadId);
      }
      const seal = this.writeSeal(termination);
      await this.syncing;
      await new Promise<void>((resolve, reject) => fsync(this.fd, (error) => (error ? reject(error) : resolve())));
      if (this.folderToSync !== null) await syncFolder(this.folderToSync);
      return seal;
    } finally {
      this.close();
    }
  }

  /** The file's ending: the one under way or done, else `how` (which closes the file). */
  private end(how: () => Promise<Seal | null>): Promise<Seal | null> {
    if (this.ending) return this.ending;
    if (this.closed) return Promise.resolve(null);
    return (this.ending = how());
  }

  /** Write the seal line (itself: a recorder thread has been drained by now). */
  private writeSeal(termination: TerminationReason): Seal {
    const body = { type: 'seal' as const, events: this.count, finalHash: this.hash, counts: this.counts, termination };
    const seal: Seal = { ...body, h: chainHash(this.hash, canonicalJson(body)) };
    writeSync(this.fd, `${[...this.lines, JSON.stringify(seal)].join('\n')}\n`);
    this.lines = [];
    return seal;
  }

  /** Flush and close without a seal (the file stays recognisably incomplete). */
  abandon(): void {
    if (this.closed || this.ending) return;
    if (this.threadId !== null) throw new Error('internal: a recorder on the recorder thread cannot be abandoned synchronously');
    try {
      this.flush(true);
    } finally {
      this.close();
    }
  }

  /**
   * Write the events appended so far without waiting for a full batch (no fsync): the run is about to wait, e.g.
   * on a model server, and a process killed meanwhile should not lose what came before.
   */
  writePending(): void {
    if (this.closed || this.ending) return;
    if (this.threadId === null) return this.flush();
    if (this.batchEnd === 0) return;
    // A copy of the few events since the last call goes over, and the batch buffer stays for the next ones:
    // handing the buffer itself over would allocate a fresh 160 KB one for every model call of a live run.
    recorderThread.append(this.threadId, Uint8Array.prototype.slice.call(this.batch, 0, this.batchEnd));
    this.batchEnd = 0;
    this.batched = 0;
  }

  /**
   * `abandon` in either mode (a recorder on the recorder thread hands its last batch over and is drained first);
   * if a seal is under way, waits for it instead. Rejects if that ending failed.
   */
  async abandonAsync(): Promise<void> {
    await this.end(() => this.abandonAndClose());
  }

  private async abandonAndClose(): Promise<null> {
    try {
      if (this.threadId === null) this.flush(true);
      else {
        this.handOver();
        await recorderThread.drain(this.threadId);
        fsyncSync(this.fd);
      }
      return null;
    } finally {
      this.close();
    }
  }

  /** With a thread: move the pending batch to it (the next append starts a new buffer). */
  private handOver(): void {
    if (this.batchEnd > 0) recorderThread.append(this.threadId!, this.batch.subarray(0, this.batchEnd));
    this.batch = NO_BATCH;
    this.batchEnd = 0;
    this.batched = 0;
  }

  private flush(sync = false): void {
    if (this.lines.length) {
      writeSync(this.fd, `${this.lines.join('\n')}\n`);
      this.sinceSync += this.lines.length;
      this.lines = [];
    }
    if (sync) {
      fsyncSync(this.fd);
      this.sinceSync = 0;
    } else if (this.sinceSync >= this.fsyncEvery) {
      this.syncInBackground(null);
      this.sinceSync = 0;
    }
  }

  /** fsync on the thread pool (and the folder, for a new file's name); one at a time. */
  private syncInBackground(folder: string | null): void {
    const fd = this.fd;
    this.syncing = this.syncing.then(async () => {
      // Errors here (e.g. the file was closed by a synchronous seal meanwhile) are covered by the seal's own fsync.
      await new Promise<void>((resolve) => fsync(fd, () => resolve()));
      if (folder !== null) await syncFolder(folder);
    });
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    RunRecorder.open.delete(this);
    try {
      closeSync(this.fd);
    } finally {
      this.lock.release();
    }
  }
}

const NEWLINE = 0x0a;
const NO_BATCH = Buffer.alloc(0);

/** A batch buffer with its own memory (a pooled Buffer could not be moved to the thread). */
function newBatch(room: number): Buffer {
  return Buffer.allocUnsafeSlow(Math.max(room, 160 * 1024));
}

/**
 * Lock (unless locked already: the lock also makes the folder) and open a run file, then `start` the recorder on
 * it. If opening or starting fails (a header that cannot be written, a full disk), the file is closed and the
 * lock released.
 */
function openForWrite(file: string, flags: 'w' | 'a', locked: RunLock | undefined, start: (fd: number, lock: RunLock) => RunRecorder): RunRecorder {
  const lock = locked ?? RunLock.acquire(file);
  let fd: number | null = null;
  try {
    fd = openSync(file, flags);
    return start(fd, lock);
  } catch (error) {
    if (fd !== null) closeSync(fd);
    lock.release();
    throw (error as NodeJS.ErrnoException).code ? cannotWrite('the run file', file, error) : error;
  }
}
