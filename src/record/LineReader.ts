import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { UserError } from '../core/errors.ts';

const CHUNK = 4 << 20;
const NEWLINE = 10;
const CR = 13;

/**
 * Reads a file line by line in large chunks, without decoding: each `next()`
 * exposes the line as a byte range of `buffer` (valid until the next call),
 * so hashing and searching work on bytes and memory stays flat in file size.
 * A last line without its newline is not returned: its length is `tail`.
 *
 * A carriage return before a newline is left out of the line and counted in
 * `crLines`: troupe never writes one, so a file holding them was converted
 * after recording (git autocrlf, an editor). Its lines still read as written,
 * and the callers that check integrity (verify, replay) report the conversion
 * once instead of every line looking edited.
 *
 * @example
 * const reader = new LineReader('runs/abc.jsonl');
 * while (reader.next()) console.log(reader.text());
 * reader.close();
 */
export class LineReader {
  buffer: Buffer = Buffer.allocUnsafe(CHUNK);
  /** Byte range of the current line in `buffer` (newline and a carriage return before it excluded). */
  start = 0;
  end = 0;
  /** 1-based number of the current line. */
  line = 0;
  /** Bytes of an incomplete last line (a torn write), known once `next()` returned false. */
  tail = 0;
  /** Lines read so far that ended with `\r\n`, and the first of them. */
  crLines = 0;
  firstCrLine: number | null = null;
  private fd: number | null;
  private length = 0;
  private pos = 0;
  /** Position of the current line's newline in `buffer`. */
  private newline = 0;
  /** File offset of `buffer[0]`. */
  private base = 0;
  private eof = false;

  constructor(readonly path: string) {
    let fd: number | null = null;
    try {
      fd = openSync(path, 'r');
      // Opening a directory succeeds on Linux; reading it fails later with EISDIR, far from the path given.
      if (fstatSync(fd).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
    } catch (error) {
      if (fd !== null) closeSync(fd);
      throw cannotReadRunFile(path, error);
    }
    this.fd = fd;
  }

  /** File offset just past the current line's newline. */
  get offsetAfter(): number {
    return this.base + this.newline + 1;
  }

  /** Advance to the next complete line; false at the end of the file. */
  next(): boolean {
    for (;;) {
      const nl = this.pos < this.length ? this.buffer.indexOf(NEWLINE, this.pos) : -1;
      if (nl !== -1 && nl < this.length) {
        this.start = this.pos;
        this.newline = nl;
        this.end = nl > this.pos && this.buffer[nl - 1] === CR ? nl - 1 : nl;
        this.pos = nl + 1;
        this.line++;
        if (this.end !== nl) {
          this.crLines++;
          this.firstCrLine ??= this.line;
        }
        return true;
      }
      if (this.eof) {
        this.tail = this.length - this.pos;
        this.close();
        return false;
      }
      this.fill();
    }
  }

  /** The current line as text. */
  text(): string {
    return this.buffer.toString('utf8', this.start, this.end);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Keep the unread rest, then read the next chunk after it (growing the buffer for very long lines). */
  private fill(): void {
    if (this.pos > 0) {
      this.buffer.copy(this.buffer, 0, this.pos, this.length);
      this.base += this.pos;
      this.length -= this.pos;
      this.newline -= this.pos;
      this.pos = 0;
    }
    if (this.length === this.buffer.length) {
      const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    let n = 0;
    try {
      n = this.fd === null ? 0 : readSync(this.fd, this.buffer, this.length, this.buffer.length - this.length, this.base + this.length);
    } catch (error) {
      this.close();
      throw cannotReadRunFile(this.path, error);
    }
    if (n === 0) this.eof = true;
    this.length += n;
  }
}

/**
 * The UserError for a run file that cannot be opened or read, naming the path
 * and the reason (the errno code: ENOENT, EACCES, EISDIR, EIO…).
 */
export function cannotReadRunFile(path: string, error: unknown): UserError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EISDIR') return new UserError(`${path} is a directory, not a run file.`);
  const why = code === 'ENOENT' ? 'no such file (ENOENT)' : code === 'EACCES' ? 'permission denied (EACCES)' : (code ?? (error as Error | null)?.message ?? 'error');
  return new UserError(`Cannot read run file ${path}: ${why}.`);
}
