import { closeSync, openSync, readSync } from 'node:fs';
import { UserError } from '../core/errors.ts';

const CHUNK = 4 << 20;
const NEWLINE = 10;

/**
 * Reads a file line by line in large chunks, without decoding: each `next()`
 * exposes the line as a byte range of `buffer` (valid until the next call),
 * so hashing and searching work on bytes and memory stays flat in file size.
 * A last line without its newline is not returned: its length is `tail`.
 *
 * @example
 * const reader = new LineReader('runs/abc.jsonl');
 * while (reader.next()) console.log(reader.text());
 * reader.close();
 */
export class LineReader {
  buffer: Buffer = Buffer.allocUnsafe(CHUNK);
  /** Byte range of the current line in `buffer` (newline excluded). */
  start = 0;
  end = 0;
  /** 1-based number of the current line. */
  line = 0;
  /** Bytes of an incomplete last line (a torn write), known once `next()` returned false. */
  tail = 0;
  private fd: number | null;
  private length = 0;
  private pos = 0;
  /** File offset of `buffer[0]`. */
  private base = 0;
  private eof = false;

  constructor(readonly path: string) {
    try {
      this.fd = openSync(path, 'r');
    } catch (error) {
      throw new UserError(`Cannot read run file ${path}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
    }
  }

  /** File offset just past the current line's newline. */
  get offsetAfter(): number {
    return this.base + this.end + 1;
  }

  /** Advance to the next complete line; false at the end of the file. */
  next(): boolean {
    for (;;) {
      const nl = this.pos < this.length ? this.buffer.indexOf(NEWLINE, this.pos) : -1;
      if (nl !== -1 && nl < this.length) {
        this.start = this.pos;
        this.end = nl;
        this.pos = nl + 1;
        this.line++;
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
      this.pos = 0;
    }
    if (this.length === this.buffer.length) {
      const bigger = Buffer.allocUnsafe(this.buffer.length * 2);
      this.buffer.copy(bigger, 0, 0, this.length);
      this.buffer = bigger;
    }
    const n = this.fd === null ? 0 : readSync(this.fd, this.buffer, this.length, this.buffer.length - this.length, this.base + this.length);
    if (n === 0) this.eof = true;
    this.length += n;
  }
}
