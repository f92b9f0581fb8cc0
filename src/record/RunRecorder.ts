import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson } from '../core/canonical.ts';
import { UserError } from '../core/errors.ts';
import type { RunEvent, TerminationReason } from '../core/events.ts';
import { chainHash, eventLine, headerHash } from './chain.ts';
import type { RunHeader, Seal } from './runFile.ts';

/** Batching: write every `writeEvery` lines, fsync every `fsyncEvery` lines and at the seal. */
export interface RecorderOptions {
  readonly writeEvery?: number;
  readonly fsyncEvery?: number;
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
  private lines: string[] = [];
  private sinceSync = 0;
  private closed = false;
  private readonly writeEvery: number;
  private readonly fsyncEvery: number;

  private constructor(
    readonly file: string,
    private readonly fd: number,
    private hash: string,
    private count: number,
    private readonly counts: Record<string, number>,
    options: RecorderOptions,
  ) {
    this.writeEvery = options.writeEvery ?? 256;
    this.fsyncEvery = options.fsyncEvery ?? 4096;
  }

  /** Start a new run file (truncating any file of the same run id). */
  static create(file: string, header: Omit<RunHeader, 'h'>, options: RecorderOptions = {}): RunRecorder {
    const h = headerHash(header);
    const fd = openForWrite(file, 'w');
    writeSync(fd, `${JSON.stringify({ ...header, h })}\n`);
    fsyncSync(fd);
    syncDir(dirname(file));
    return new RunRecorder(file, fd, h, 0, {}, options);
  }

  /** Continue an unsealed run file whose valid prefix ends at `position` (the caller trims any torn line first). */
  static append(file: string, position: ChainPosition, options: RecorderOptions = {}): RunRecorder {
    return new RunRecorder(file, openForWrite(file, 'a'), position.hash, position.events, { ...position.counts }, options);
  }

  /** Chain hash of the last event written. */
  get lastHash(): string {
    return this.hash;
  }

  append(event: RunEvent): void {
    const canonical = canonicalJson(event);
    this.hash = chainHash(this.hash, canonical);
    this.lines.push(eventLine(canonical, this.hash));
    this.count++;
    this.counts[event.type] = (this.counts[event.type] ?? 0) + 1;
    if (this.lines.length >= this.writeEvery) this.flush();
  }

  /** Write the seal, fsync and close. Returns the seal. */
  seal(termination: TerminationReason): Seal {
    const body = { type: 'seal' as const, events: this.count, finalHash: this.hash, counts: this.counts, termination };
    const seal: Seal = { ...body, h: chainHash(this.hash, canonicalJson(body)) };
    this.lines.push(JSON.stringify(seal));
    this.flush(true);
    this.close();
    return seal;
  }

  /** Flush and close without a seal (the file stays recognisably incomplete). */
  abandon(): void {
    if (this.closed) return;
    this.flush(true);
    this.close();
  }

  private flush(sync = false): void {
    if (this.lines.length) {
      writeSync(this.fd, `${this.lines.join('\n')}\n`);
      this.sinceSync += this.lines.length;
      this.lines = [];
    }
    if (sync || this.sinceSync >= this.fsyncEvery) {
      fsyncSync(this.fd);
      this.sinceSync = 0;
    }
  }

  private close(): void {
    this.closed = true;
    closeSync(this.fd);
  }
}

function openForWrite(file: string, flags: 'w' | 'a'): number {
  try {
    makeDirs(dirname(file));
    return openSync(file, flags);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UserError(`Cannot write the run file ${file} (${code}): choose a writable directory with --out DIR.`);
  }
}

/**
 * mkdir -p, one level at a time: Node 20's recursive mkdirSync can spin forever
 * on some paths it may not create (e.g. under /proc).
 */
function makeDirs(dir: string): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirs(parent);
  mkdirSync(dir);
}

/** fsync the directory so the new file's entry survives a power loss. */
function syncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the file itself is synced.
  }
}
