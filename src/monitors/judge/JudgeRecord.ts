import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson, sha256Hex } from '../../core/canonical.ts';
import { UserError } from '../../core/errors.ts';
import type { PolicyAttempt, PolicySettings } from '../../policies/Policy.ts';
import { RunLock } from '../../record/RunLock.ts';
import { syncFolderNow } from '../../record/syncFolder.ts';
import type { JudgeVerdict } from './judgeVerdict.ts';

export const JUDGE_FORMAT = 'troupe.judge/1';

/** A judge record whose header or a line does not check out (edited, cut, reordered), as against one that is none. */
export class DamagedJudgeRecord extends UserError {}

/** What a judge record was made with: the judged conversation, the judge model's settings, its instructions and context size. */
export interface JudgeHeader {
  readonly format: typeof JUDGE_FORMAT;
  /** The judged file's name, and its content's identity (a run's id; a transcript's hash). */
  readonly judged: { readonly file: string; readonly id: string };
  /** The settings that shape a verdict (not the key variable, retries or timeouts). */
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
  readonly entries: number;
  readonly finalHash: string;
}

/** A judge record as read back: its header, its entries (the latest per message), and whether it was sealed. */
export interface ReadJudgeRecord {
  /** Null when there is no record (yet). */
  readonly header: JudgeHeader | null;
  readonly entries: ReadonlyMap<number, JudgeEntry>;
  /** Every entry, in the file's order: failed calls too (paid for, and kept when the record is sealed). */
  readonly calls: readonly JudgeEntry[];
  readonly sealed: boolean;
}

/** A judge record as read, with where its valid part ends (opaque to callers: pass it to `open`). */
export interface JudgeRecordRead extends ReadJudgeRecord {
  /** Bytes of whole lines before the seal or a torn last line, and the hash of the last of them; 0: start afresh. */
  readonly keptBytes: number;
  readonly lastHash: string;
}

/**
 * The file in which `troupe judge` keeps every judge call it made: a header,
 * one line per call with `h = sha256(prevH + canonical(entry))` as in a run
 * file, and a seal. A judge pass reads it first and asks the model only for
 * messages it holds no verdict for (or whose request changed), so judging
 * again prints the same flags without a call. Each entry is appended and
 * fsynced as its reply arrives — a model call costs far more than an fsync —
 * so a pass killed midway loses no reply it was given. Sealing rewrites the
 * record in message order (each message's calls, failed ones first, replacing
 * the file atomically), so a finished record is the same bytes whatever order
 * the replies came in. One pass at a time writes a record (a lock file beside it).
 */
export class JudgeRecord {
  /** Records open for writing in this process (closed, unsealed, on an interrupt: see `closeOpen`). */
  private static readonly writing = new Set<JudgeRecord>();

  private constructor(
    readonly path: string,
    private readonly header: JudgeHeader,
    private readonly lock: RunLock,
    private fd: number,
    private last: string,
  ) {}

  /**
   * What `path` holds for `header` (nothing when it does not exist). A file
   * written for another header (its name says which, so only an edit or a
   * copy gets here) or with a damaged line is a UserError naming it; a torn
   * last line (a write cut short by a crash) is dropped.
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

  /**
   * Take the record for writing and open it (creating it, and its folder, with
   * its header): the whole lines `read` found are kept (a seal or a torn last
   * line is cut off) and new entries follow them. Read it again under the
   * lock: another pass may have added to it since `read`.
   */
  static openFor(path: string, header: JudgeHeader): { record: JudgeRecord; read: JudgeRecordRead } {
    const lock = RunLock.acquire(path, 'the judge record');
    try {
      const read = readJudgeRecord(path, header);
      const fresh = read.keptBytes === 0;
      if (!fresh) truncateSync(path, read.keptBytes);
      const fd = openSync(path, fresh ? 'w' : 'a');
      let last = read.lastHash;
      if (fresh) {
        last = writeHeader(fd, header);
        syncFolderNow(dirname(path));
      }
      const record = new JudgeRecord(path, header, lock, fd, last);
      JudgeRecord.writing.add(record);
      return { record, read };
    } catch (error) {
      lock.release();
      throw error;
    }
  }

  /** Append one call, durably. */
  append(entry: JudgeEntry): void {
    this.last = appendEntry(this.fd, this.last, entry);
  }

  /**
   * Every message has its verdict: rewrite the record as `entries` (each
   * message's calls, failed ones first, in message order) and the seal, into a
   * new file that replaces this one at once, then close.
   */
  seal(entries: readonly JudgeEntry[]): void {
    const draft = `${this.path}.draft`;
    const fd = openSync(draft, 'w');
    try {
      let last = writeHeader(fd, this.header);
      for (const entry of entries) last = appendEntry(fd, last, entry, false);
      const seal: JudgeSeal = { seal: true, entries: entries.length, finalHash: last };
      writeSync(fd, `${JSON.stringify(seal)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(draft, this.path);
    syncFolderNow(dirname(this.path));
    this.close();
  }

  /** Close and let go of the record (a record not sealed stays resumable). */
  close(): void {
    if (this.fd < 0) return;
    closeSync(this.fd);
    this.fd = -1;
    this.lock.release();
    JudgeRecord.writing.delete(this);
  }

  /** Close every record this process has open (on SIGINT/SIGTERM: each entry is already on disk); their paths. */
  static closeOpen(): string[] {
    const paths = [...JudgeRecord.writing].map((r) => r.path);
    for (const record of [...JudgeRecord.writing]) record.close();
    return paths;
  }
}

function writeHeader(fd: number, header: JudgeHeader): string {
  const h = sha256Hex(canonicalJson(header));
  writeSync(fd, `${JSON.stringify({ ...header, h })}\n`);
  fsyncSync(fd);
  return h;
}

function appendEntry(fd: number, last: string, entry: JudgeEntry, sync = true): string {
  const h = sha256Hex(last + canonicalJson(entry));
  writeSync(fd, `${JSON.stringify({ ...entry, h })}\n`);
  if (sync) fsyncSync(fd);
  return h;
}

/** Read a record written for `expected` (a UserError if for another header), or, with null, for whatever it says. */
function readJudgeRecord(path: string, expected: JudgeHeader | null): JudgeRecordRead {
  const none: JudgeRecordRead = { header: null, entries: new Map(), calls: [], sealed: false, keptBytes: 0, lastHash: '' };
  if (!existsSync(path)) return none;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'EISDIR' ? `${path}: a folder, not a judge record.` : `${path}: cannot be read as a judge record (${code ?? 'error'}).`);
  }
  const lines = text.split('\n');
  // The text after the last newline: empty for a whole file, a torn line (a crash mid-write) otherwise.
  const whole = lines.slice(0, -1);
  const tail = lines.at(-1)!;
  // Killed before its header was whole: nothing to keep.
  if (whole.length === 0) return none;
  const damaged = (n: number, what: string) =>
    new DamagedJudgeRecord(`${path}: line ${n} ${what}: the judge record was edited or damaged; move it away (or delete it) to judge again.`);
  let head: Record<string, unknown> | null = null;
  try {
    head = JSON.parse(whole[0]!) as Record<string, unknown>;
  } catch {
    // Not JSON: below.
  }
  if (head === null || typeof head !== 'object' || head['format'] !== JUDGE_FORMAT) {
    throw new UserError(`${path}: not a judge record (its first line is no ${JUDGE_FORMAT} header).`);
  }
  const { h, ...rest } = head;
  const header = expected ?? (rest as unknown as JudgeHeader);
  if (canonicalJson(rest) !== canonicalJson(header)) {
    throw new UserError(`${path}: written for another judge or conversation than this one (its header differs, though its name is their fingerprint): it was edited or copied; move it away to judge again.`);
  }
  let last = sha256Hex(canonicalJson(header));
  if (h !== last) throw damaged(1, 'does not match its hash');
  const entries = new Map<number, JudgeEntry>();
  const calls: JudgeEntry[] = [];
  let keptBytes = Buffer.byteLength(whole[0]!) + 1;
  let sealed = false;
  for (let i = 1; i < whole.length; i++) {
    const line = whole[i]!;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw damaged(i + 1, 'is not JSON');
    }
    if (value['seal'] === true) {
      const problem =
        value['finalHash'] !== last
          ? 'is a seal that does not match the lines before it'
          : value['entries'] !== i - 1
            ? `is a seal that counts ${String(value['entries'])} entries, not ${i - 1}`
            : i !== whole.length - 1 || tail !== ''
              ? 'is a seal with more after it'
              : null;
      if (problem) throw damaged(i + 1, problem);
      sealed = true;
      break;
    }
    const { h: lineHash, ...entry } = value;
    const next = sha256Hex(last + canonicalJson(entry));
    if (lineHash !== next) throw damaged(i + 1, 'does not match its hash');
    last = next;
    entries.set(entry['seq'] as number, entry as unknown as JudgeEntry);
    calls.push(entry as unknown as JudgeEntry);
    keptBytes += Buffer.byteLength(line) + 1;
  }
  return { header, entries, calls, sealed, keptBytes, lastHash: last };
}
