import { UserError } from '../core/errors.ts';
import type { RunEvent } from '../core/events.ts';
import { headerHash } from './chain.ts';
import { LineReader } from './LineReader.ts';
import { parseHeaderLine } from './readRun.ts';
import { SEAL_LINE_START, SealSchema, typeOfLine, type RunHeader, type Seal } from './runFile.ts';

/**
 * A recorded run read as a cursor: event lines are fetched by seq as a
 * re-run asks for them (reading ahead only as far as asked) and released once
 * compared, so replaying a long run keeps a small window in memory. Lines stay
 * text; only the few a replay needs (model requests and responses) are parsed.
 */
export class RecordedRun {
  private readonly reader: LineReader;
  private window: string[] = [];
  private readonly parsedCache = new Map<number, RunEvent>();
  /** Seq of `window[head]`. */
  private first = 0;
  private head = 0;
  private done = false;
  private sealValue: Seal | null = null;
  private sealAt: number | null = null;
  private afterSealAt: number | null = null;

  private constructor(
    readonly path: string,
    readonly header: RunHeader,
    /** The hash stored in the header line (the chain's first link). */
    readonly headerHash: string,
    /** Does the header's content still match its hash? */
    readonly headerIntact: boolean,
    reader: LineReader,
    private readonly limit: number,
  ) {
    this.reader = reader;
  }

  /** Open a run file; with `limit`, only its first `limit` events are read (resume appends after them). */
  static open(path: string, limit = Number.POSITIVE_INFINITY): RecordedRun {
    const reader = new LineReader(path);
    if (!reader.next()) {
      reader.close();
      throw new UserError(`${path} has no complete header line: not a run file, or a run killed before it wrote anything.`);
    }
    const text = reader.text();
    const header = parseHeaderLine(text, path);
    // Hash what was written (an older format is converted on load, but was hashed as written).
    const intact = headerHash(JSON.parse(text) as RunHeader) === header.h;
    return new RecordedRun(path, header, header.h, intact, reader, limit);
  }

  /** The seal, once the cursor has read to it (see `ended`). */
  get seal(): Seal | null {
    return this.sealValue;
  }

  /** The line number of a seal line (valid or not), once read: a seal that fails to parse leaves `seal` null but this set. */
  get sealLine(): number | null {
    return this.sealAt;
  }

  /** The first line after the seal (a complete or a torn one), once read: a sealed file must end at its seal. */
  get afterSeal(): number | null {
    return this.afterSealAt;
  }

  /** Lines read with Windows (CRLF) line endings (see `LineReader`); all of them are known once `ended`. */
  get lineEndings(): Pick<LineReader, 'crLines' | 'firstCrLine' | 'line'> {
    return this.reader;
  }

  /** True once the last event line has been read. */
  get ended(): boolean {
    return this.done;
  }

  /** Number of recorded events, known once `ended` (else the number read so far). */
  get count(): number {
    return this.first + this.window.length - this.head;
  }

  /** The event line of `seq`, or null when the recording has no such event. */
  line(seq: number): string | null {
    if (seq < this.first) throw new Error(`RecordedRun: line of seq ${seq} was already released (window starts at ${this.first})`);
    while (seq >= this.count && !this.done) this.readOne();
    return seq < this.count ? this.window[this.head + seq - this.first]! : null;
  }

  /** The event type of line `seq`, without parsing. */
  typeAt(seq: number): string | null {
    const line = this.line(seq);
    return line === null ? null : typeOfLine(line);
  }

  /** The parsed event of line `seq` (cached until released), or null. */
  event(seq: number): RunEvent | null {
    const cached = this.parsedCache.get(seq);
    if (cached) return cached;
    const line = this.line(seq);
    if (line === null) return null;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return null;
    }
    delete value.h;
    this.parsedCache.set(seq, value as RunEvent);
    return value as RunEvent;
  }

  /** Read to the end (count, seal), dropping what is read: the window is released first. */
  readToEnd(): void {
    this.release(this.count);
    while (!this.done) {
      this.readOne();
      this.release(this.count);
    }
  }

  /** Forget lines before `seq`. */
  release(seq: number): void {
    const upTo = Math.min(seq, this.count);
    while (this.first < upTo) {
      this.parsedCache.delete(this.first);
      this.head++;
      this.first++;
    }
    if (this.head > 4096 && this.head * 2 > this.window.length) {
      this.window = this.window.slice(this.head);
      this.head = 0;
    }
  }

  close(): void {
    this.reader.close();
  }

  private readOne(): void {
    if (this.count >= this.limit || !this.reader.next()) {
      this.reader.close();
      this.done = true;
      return;
    }
    const text = this.reader.text();
    if (text.startsWith(SEAL_LINE_START)) {
      const parsed = SealSchema.safeParse(safeJson(text));
      this.sealValue = parsed.success ? parsed.data : null;
      this.sealAt = this.reader.line;
      this.done = true;
      // Anything after the seal — a copy of it, junk, even an empty or torn line — means the file was changed.
      if (this.reader.next()) this.afterSealAt = this.reader.line;
      else if (this.reader.tail > 0) this.afterSealAt = this.reader.line + 1;
      this.reader.close();
      return;
    }
    this.window.push(text);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
