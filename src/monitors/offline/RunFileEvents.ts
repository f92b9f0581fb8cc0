import { UserError } from '../../core/errors.ts';
import type { RunEvent } from '../../core/events.ts';
import { LineReader } from '../../record/LineReader.ts';
import type { ReadState } from './readWarnings.ts';
import { parseHeaderLine } from '../../record/readRun.ts';
import { SEAL_LINE_START, SealSchema, type RunHeader, type Seal } from '../../record/runFile.ts';
import { lineEndingsMessage } from '../../record/verifyRun.ts';

const TYPE_KEY = Buffer.from('"type":"');
const QUOTE = 0x22;

/**
 * A run file read as a stream of events, one line at a time (the replay
 * path's `LineReader`), so memory stays flat in file size — `readRun` holds
 * the whole file as one string and fails past V8's 512 MB string limit.
 * With `types`, lines of other types are counted but neither decoded nor
 * parsed: offline monitoring reads only the few event types monitors react
 * to, and most of a run file's bytes are model requests.
 *
 * As `readRun`: a torn last line (a crash mid-write) is dropped and reported
 * in `torn`; a line that is not JSON (or no event) in the middle of the file
 * is a UserError naming the line. Reading ends at the seal: data after it is
 * reported in `afterSeal`, not read. A skipped line is not
 * parsed, so damage inside one goes unnoticed here (`troupe verify` checks
 * every line). Events are yielded as they are read: damage is found only
 * when reached, after the events before it. `seal`, `torn` and `count` are
 * known once the iteration has ended.
 *
 * @example
 * const run = RunFileEvents.open('runs/abc.jsonl', new Set(['message']));
 * for (const e of run) console.log(e.seq, e.type);
 * if (!run.seal) console.warn(`unsealed: ${run.count} events`);
 */
export class RunFileEvents implements Iterable<RunEvent> {
  /** The seal, or null for an unsealed (killed, crashed, still running) run. */
  seal: Seal | null = null;
  /** An incomplete last line was dropped. */
  torn = false;
  /** The line number of data after the seal (not read: the run ended at its seal), or null. */
  afterSeal: number | null = null;
  /** Event lines read, of every type. */
  count = 0;
  /** What is wrong with the file's line endings (CRLF: converted after recording), or null; known after the iteration. */
  lineEndings: string | null = null;

  /** What reading found, for `readWarnings`; known once the iteration has ended. */
  readState(): ReadState {
    return { seal: this.seal, torn: this.torn, afterSeal: this.afterSeal, lineEndings: this.lineEndings, events: this.count };
  }

  private constructor(
    readonly path: string,
    readonly header: RunHeader,
    private readonly reader: LineReader,
    private readonly types: ReadonlySet<string> | null,
  ) {}

  /** Open a run file and read its header; a missing file or a bad header is a UserError naming the file. */
  static open(path: string, types: ReadonlySet<string> | null = null): RunFileEvents {
    const reader = new LineReader(path);
    if (!reader.next()) {
      reader.close();
      throw new UserError(`${path} has no complete header line: not a run file, or a run killed before it wrote anything.`);
    }
    try {
      return new RunFileEvents(path, parseHeaderLine(reader.text(), path), reader, types);
    } catch (error) {
      reader.close();
      throw error;
    }
  }

  *[Symbol.iterator](): Generator<RunEvent> {
    const { reader, path } = this;
    // A line that is not JSON is a torn write only when nothing follows it; we learn that one line later.
    let badLine: number | null = null;
    let sealLine: number | null = null;
    try {
      while (reader.next()) {
        if (badLine !== null) throw new UserError(`${path}:${badLine} is not JSON (the file is damaged in the middle).`);
        if (sealLine !== null) {
          // The run is whole up to its seal; what follows (a stray blank line, an edit) is reported, not monitored.
          this.afterSeal = reader.line;
          break;
        }
        if (this.startsWithSeal()) {
          const parsed = SealSchema.safeParse(parseJson(reader.text()));
          if (!parsed.success) throw new UserError(`${path}:${reader.line} is not a valid seal.`);
          this.seal = parsed.data;
          sealLine = reader.line;
          continue;
        }
        const type = this.typeOfLine();
        if (type !== null && this.types !== null && !this.types.has(type)) {
          this.count++;
          continue;
        }
        const value = parseJson(reader.text());
        if (value === null || typeof value !== 'object') {
          badLine = reader.line;
          continue;
        }
        const event = value as { type?: unknown; seq?: unknown; h?: unknown; content?: unknown; from?: unknown };
        // JSON, but no event (or a message without its text): monitoring past it would silently miss whatever it
        // replaced, or fail inside a monitor.
        const lacks =
          typeof event.type !== 'string' ? 'a "type"' : !Number.isInteger(event.seq) ? 'a whole-number "seq"' : event.type === 'message' && (typeof event.content !== 'string' || typeof event.from !== 'string') ? 'a message\'s text "content" and "from"' : null;
        if (lacks) throw new UserError(`${path}:${reader.line} is not an event line (it lacks ${lacks}): the file is damaged in the middle.`);
        this.count++;
        delete event.h;
        yield value as RunEvent;
      }
      if (badLine !== null && reader.tail > 0) throw new UserError(`${path}:${badLine} is not JSON (the file is damaged in the middle).`);
      if (this.seal && this.afterSeal === null && reader.tail > 0) this.afterSeal = reader.line + 1;
      else this.torn = badLine !== null || reader.tail > 0;
      this.lineEndings = lineEndingsMessage(reader);
    } finally {
      reader.close();
    }
  }

  /** Stop reading (also done when the iteration ends). */
  close(): void {
    this.reader.close();
  }

  private startsWithSeal(): boolean {
    const { buffer, start, end } = this.reader;
    return end - start >= SEAL_LINE_START.length && buffer.toString('latin1', start, start + SEAL_LINE_START.length) === SEAL_LINE_START;
  }

  /**
   * The event type of the current line, read from its bytes without decoding
   * the line (the rule of `typeOfLine` in runFile.ts: in canonical JSON the
   * event's own `"type":"…"` is the last one on the line).
   */
  private typeOfLine(): string | null {
    const { buffer, start, end } = this.reader;
    // Also keeps lastIndexOf's offset from going negative, which would count from the end of the buffer.
    if (end - start < TYPE_KEY.length) return null;
    const at = buffer.lastIndexOf(TYPE_KEY, end - TYPE_KEY.length);
    if (at < start) return null;
    const close = buffer.indexOf(QUOTE, at + TYPE_KEY.length);
    return close < 0 || close >= end ? null : buffer.toString('utf8', at + TYPE_KEY.length, close);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
