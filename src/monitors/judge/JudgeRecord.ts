import { closeSync, existsSync, fsyncSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson, sha256Hex } from '../../core/canonical.ts';
import { UserError } from '../../core/errors.ts';
import type { PolicyAttempt, PolicySettings } from '../../policies/Policy.ts';
import { syncFolderNow } from '../../record/syncFolder.ts';
import type { JudgeVerdict } from './judgeVerdict.ts';

export const JUDGE_FORMAT = 'troupe.judge/1';

/** What a judge record was made with: the judged file, the judge model's settings, its instructions and context size. */
export interface JudgeHeader {
  readonly format: typeof JUDGE_FORMAT;
  /** The judged file's name (a run file or a transcript), for a reader; the entries' request hashes tie them to its content. */
  readonly judged: string;
  readonly settings: PolicySettings;
  readonly prompt: number;
  readonly history: number;
}

/** One judged message: the request's fingerprint, every attempt of the call (as a run records a model call) and the verdict. */
export interface JudgeEntry {
  readonly seq: number;
  readonly agent: string;
  readonly request: string;
  readonly attempts: readonly PolicyAttempt[];
  /** Null when the call failed (its last attempt has an error): asked again the next time. */
  readonly verdict: JudgeVerdict | null;
}

/** The last line of a finished record. */
export interface JudgeSeal {
  readonly seal: true;
  /** Entry lines in the file (a message asked for again has more than one: the last counts). */
  readonly entries: number;
  readonly finalHash: string;
}

/** A judge record as read back: its header, its valid entries (the latest per message), and whether it was sealed. */
export interface ReadJudgeRecord {
  /** Null when there is no record (yet). */
  readonly header: JudgeHeader | null;
  readonly entries: ReadonlyMap<number, JudgeEntry>;
  readonly sealed: boolean;
  /** Lines after the valid ones (a torn line from a crash, or damage) that were not read. */
  readonly dropped: number;
}

/**
 * The file in which `troupe judge` keeps every judge call it made: a header,
 * one line per judged message with `h = sha256(prevH + canonical(entry))` as
 * in a run file, and a seal. A judge run reads it first and asks the model
 * only for messages it holds no verdict for (or whose request changed), so
 * judging a run again prints the same flags without a call, and a judge run
 * killed midway goes on where it stopped: each entry is fsynced as it is
 * written (a model call costs far more than an fsync).
 */
export class JudgeRecord {
  private constructor(
    readonly path: string,
    private fd: number,
    private last: string,
    private written: number,
  ) {}

  /**
   * Open `path` for the entries to come (creating it with its header): the
   * valid lines `read` found are kept (a torn last line or a seal is cut off)
   * and new entries follow them.
   */
  static open(path: string, header: JudgeHeader, read: JudgeRecordRead = JudgeRecord.read(path, header)): JudgeRecord {
    const fresh = read.kept === 0;
    // What follows the valid lines (a seal, a torn line) goes; the entries to come are appended after them.
    if (!fresh) truncateSync(path, read.keptBytes);
    const fd = openSync(path, fresh ? 'w' : 'a');
    try {
      let last = read.lastHash;
      if (fresh) {
        last = sha256Hex(canonicalJson(header));
        writeSync(fd, `${JSON.stringify({ ...header, h: last })}\n`);
        fsyncSync(fd);
        syncFolderNow(dirname(path));
      }
      return new JudgeRecord(path, fd, last, read.lines);
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /**
   * What `path` holds for `header` (nothing when it does not exist). A file
   * written for other settings (its name says which, so only an edit or a copy
   * gets here) is a UserError; a damaged or torn line ends what is read, as a
   * crash would have.
   */
  static read(path: string, header: JudgeHeader): JudgeRecordRead {
    return readJudgeRecord(path, header);
  }

  /** Read a judge record whatever its settings (to show its verdicts); a missing file is a UserError. */
  static inspect(path: string): ReadJudgeRecord & { readonly header: JudgeHeader } {
    if (!existsSync(path)) throw new UserError(`${path}: no such judge record (ENOENT); \`troupe judge\` writes one beside the file it judges.`);
    const read = readJudgeRecord(path, null);
    if (read.header === null) throw new UserError(`${path}: an empty judge record (its writer was killed before its header was whole).`);
    return read as ReadJudgeRecord & { readonly header: JudgeHeader };
  }

  /** Append one judged message, durably. */
  append(entry: JudgeEntry): void {
    this.last = sha256Hex(this.last + canonicalJson(entry));
    writeSync(this.fd, `${JSON.stringify({ ...entry, h: this.last })}\n`);
    fsyncSync(this.fd);
    this.written++;
  }

  /** Write the seal (every message has its verdict) and close. */
  seal(): void {
    const seal: JudgeSeal = { seal: true, entries: this.written, finalHash: this.last };
    writeSync(this.fd, `${JSON.stringify(seal)}\n`);
    fsyncSync(this.fd);
    this.close();
  }

  /** Close without a seal: the record stays resumable. */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
  }
}

/** A judge record as read, with where its valid part ends (opaque to callers: pass it to `open`). */
export interface JudgeRecordRead extends ReadJudgeRecord {
  /** Entry lines kept, bytes kept (header included), and the hash of the last kept line; 0 kept: start afresh. */
  readonly kept: number;
  readonly lines: number;
  readonly keptBytes: number;
  readonly lastHash: string;
}

/** Read a record written for `expected` (a UserError if for other settings), or, with null, for whatever it says. */
function readJudgeRecord(path: string, expected: JudgeHeader | null): JudgeRecordRead {
  const none: JudgeRecordRead = { header: null, entries: new Map(), sealed: false, dropped: 0, kept: 0, lines: 0, keptBytes: 0, lastHash: '' };
  if (!existsSync(path)) return none;
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  const first = lines[0] ?? '';
  let head: Record<string, unknown>;
  try {
    head = JSON.parse(first) as Record<string, unknown>;
  } catch {
    // Killed before its header was whole: nothing to keep.
    if (lines.length <= 2) return none;
    throw new UserError(`${path}: line 1 is not a judge record header (${JUDGE_FORMAT}); move the file away to judge again.`);
  }
  const { h, ...rest } = head;
  if (head['format'] !== JUDGE_FORMAT) throw new UserError(`${path}: not a judge record (line 1 has format ${JSON.stringify(head['format'] ?? null)}, expected "${JUDGE_FORMAT}").`);
  const header = expected ?? (rest as unknown as JudgeHeader);
  if (canonicalJson(rest) !== canonicalJson(header)) {
    throw new UserError(`${path}: written for other judge settings than these (its header differs); its name is the settings' fingerprint, so it was edited or copied: move it away to judge again.`);
  }
  let last = sha256Hex(canonicalJson(header));
  if (h !== last) throw new UserError(`${path}: line 1 (the header) does not match its hash: the file was edited; move it away to judge again.`);
  const entries = new Map<number, JudgeEntry>();
  let keptBytes = Buffer.byteLength(first) + 1;
  let count = 0;
  let sealed = false;
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    // The text after the last newline: empty for a whole file, a torn line otherwise.
    if (i === lines.length - 1) break;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      break;
    }
    if (value['seal'] === true) {
      sealed = value['finalHash'] === last;
      if (sealed) i++;
      break;
    }
    const { h: lineHash, ...entry } = value;
    const next = sha256Hex(last + canonicalJson(entry));
    if (lineHash !== next) break;
    last = next;
    entries.set(entry['seq'] as number, entry as unknown as JudgeEntry);
    keptBytes += Buffer.byteLength(line) + 1;
    count++;
  }
  const dropped = lines.slice(i).filter((l, j, all) => l !== '' || j < all.length - 1).length;
  return { header, entries, sealed, dropped, kept: 1 + count, lines: count, keptBytes, lastHash: last };
}
