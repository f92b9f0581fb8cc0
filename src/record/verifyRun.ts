import * as crypto from 'node:crypto';
import { statSync } from 'node:fs';
import { canonicalJson } from '../core/canonical.ts';
import { UserError } from '../core/errors.ts';
import { chainHash, headerHash } from './chain.ts';
import { diagnoseChain } from './diagnoseChain.ts';
import { cannotReadRunFile, LineReader } from './LineReader.ts';
import { headerNotJson } from './readRun.ts';
import { describeOwner, runWriter, type LockOwner } from './RunLock.ts';
import { HASH_SUFFIX_LENGTH, RUN_FORMAT, SEAL_LINE_START, SealSchema, type RunHeader, type Seal } from './runFile.ts';

/** `sealed`: complete and intact; `unsealed`: an intact prefix of a run that did not finish; `damaged`: edited, reordered or cut. */
export type VerifyStatus = 'sealed' | 'unsealed' | 'damaged';

export type VerifyProblemKind = 'header' | 'edited' | 'missing' | 'reordered' | 'malformed' | 'seal' | 'after-seal' | 'line-endings';

/** One integrity problem, at a 1-based line of the file. */
export interface VerifyProblem {
  readonly line: number;
  readonly kind: VerifyProblemKind;
  readonly message: string;
}

export interface VerifyReport {
  readonly file: string;
  readonly status: VerifyStatus;
  readonly runId: string | null;
  /** Event lines read (excluding header, seal and a torn last line). */
  readonly events: number;
  readonly bytes: number;
  /** Bytes of the header and every complete event line: what `resume` keeps of an unsealed file. */
  readonly validBytes: number;
  /** The chain hash of the last event (the header's hash when there is none). */
  readonly lastHash: string | null;
  /** Events by type, as a seal counts them. */
  readonly counts: Record<string, number>;
  readonly seal: Seal | null;
  /** A half-written last line (a crash mid-write), dropped. */
  readonly torn: { readonly line: number; readonly bytes: number } | null;
  readonly problems: readonly VerifyProblem[];
  /** The process writing the file right now (it holds the file's lock): an unsealed file is then a run still going. */
  readonly writer: LockOwner | null;
}

const SUFFIX = HASH_SUFFIX_LENGTH;
const TYPE_KEY = Buffer.from('"type":"');
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'hex') => string }).hash;
const sha256 = (data: Buffer): string => (oneShot ? oneShot('sha256', data, 'hex') : crypto.createHash('sha256').update(data).digest('hex'));

/**
 * Check a run file's integrity without re-running it: the header hash, every
 * event line's link in the hash chain, and the seal (final hash, event count,
 * counts by type). Works on bytes in one streaming pass (no JSON parsing on
 * the fast path), so it runs at disk/SHA-256 speed; only damaged regions are
 * parsed, to say whether lines were edited, deleted or reordered.
 *
 * @example
 * const report = verifyRun('runs/3f2a….jsonl');
 * if (report.status !== 'sealed') console.log(report.problems);
 */
export function verifyRun(path: string): VerifyReport {
  // Asked before reading: a writer that finishes meanwhile leaves a sealed file, which then reads as sealed.
  const writer = runWriter(path);
  const bytes = statSize(path);
  const reader = new LineReader(path);
  const problems: VerifyProblem[] = [];
  if (!reader.next()) {
    throw new UserError(`${path} has no complete header line (${bytes} bytes): not a run file, or a run killed before it wrote anything.`);
  }
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(reader.text()) as Record<string, unknown>;
  } catch {
    const line = reader.text();
    reader.close();
    throw headerNotJson(path, line, ', or its header is damaged');
  }
  if (raw === null || typeof raw !== 'object' || raw.format !== RUN_FORMAT) {
    reader.close();
    throw new UserError(`${path}:1 has ${raw?.format === undefined ? 'no "format" field' : `format ${JSON.stringify(raw.format)}`}, expected "${RUN_FORMAT}": not a troupe run file.`);
  }
  const storedHeaderHash = typeof raw.h === 'string' ? raw.h : null;
  let headerOk = false;
  try {
    headerOk = storedHeaderHash !== null && headerHash(raw as unknown as RunHeader) === storedHeaderHash;
  } catch {
    headerOk = false;
  }
  if (!headerOk) problems.push({ line: 1, kind: 'header', message: 'line 1 (header) was edited: its hash does not match its content.' });
  // The recorder writes the header as JSON.stringify writes it; the same content spaced or escaped otherwise was rewritten.
  else if (reader.text() !== JSON.stringify(raw)) {
    problems.push({ line: 1, kind: 'header', message: 'line 1 (header) is not in its recorded form (reformatted, e.g. spaces added): the recorded bytes are the record.' });
  }

  let prev: string | null = storedHeaderHash;
  let validBytes = reader.offsetAfter;
  let events = 0;
  let seal: Seal | null = null;
  let sealLine = 0;
  const counts: Record<string, number> = {};
  const badLines: number[] = [];
  let intact = true;
  let scratch = Buffer.allocUnsafe(1 << 16);
  let afterEventLine = false;
  let previousEnd = -1;

  while (reader.next()) {
    const { buffer: b, start, end, line } = reader;
    if (seal !== null || sealLine) {
      problems.push({ line, kind: 'after-seal', message: `line ${line} comes after the seal (line ${sealLine}): the seal must be the last line.` });
      break;
    }
    if (b[start + 2] === 0x74 && b.toString('latin1', start, start + SEAL_LINE_START.length) === SEAL_LINE_START) {
      sealLine = line;
      seal = parseSeal(reader.text(), line, problems);
      continue;
    }
    if (!isEventLine(b, start, end)) {
      const damage = malformedLine(reader.text());
      problems.push({ line, kind: 'malformed', message: `line ${line} is damaged: ${damage.message}` });
      intact = false;
      afterEventLine = false;
      prev = null;
      // It still holds an event's place: counted (with its type, when that can be read) so the seal's counts do not
      // report it a second time as a deleted line.
      events++;
      if (damage.type) counts[damage.type] = (counts[damage.type] ?? 0) + 1;
      continue;
    }
    const bodyEnd = end - SUFFIX;
    const stored = b.toString('latin1', end - 66, end - 2);
    if (prev !== null) {
      let computed: string;
      if (afterEventLine && start >= 67 && previousEnd === start - 1) {
        // The hashed text is `prev + canonical`: move the previous line's stored hash (its last 64 hex before `"}\n`)
        // right in front of this line and put back the `}` the suffix replaced, then hash in place — no copy of the line.
        b.copyWithin(start - 64, start - 67, start - 3);
        b[bodyEnd] = 0x7d;
        computed = sha256(b.subarray(start - 64, bodyEnd + 1));
        b[bodyEnd] = 0x2c;
      } else {
        const bodyLength = bodyEnd - start;
        if (scratch.length < bodyLength + 65) scratch = Buffer.allocUnsafe(2 * (bodyLength + 65));
        scratch.write(prev, 0, 'latin1');
        b.copy(scratch, 64, start, bodyEnd);
        scratch[64 + bodyLength] = 0x7d;
        computed = sha256(scratch.subarray(0, bodyLength + 65));
      }
      if (computed !== stored) {
        // The same event written otherwise (an escape such as \u0061 for "a") hashes right once made canonical again.
        if (rewritten(reader.text(), prev, stored)) problems.push({ line, kind: 'malformed', message: `line ${line} is damaged: ${REFORMATTED}` });
        else badLines.push(line);
        intact = false;
      }
    }
    afterEventLine = true;
    previousEnd = end;
    prev = stored;
    events++;
    const type = typeAt(b, start, end - SUFFIX);
    counts[type] = (counts[type] ?? 0) + 1;
    if (intact) validBytes = reader.offsetAfter;
  }
  const torn = reader.tail > 0 ? { line: reader.line + 1, bytes: reader.tail } : null;
  if (torn && seal) problems.push({ line: torn.line, kind: 'after-seal', message: `line ${torn.line} (${torn.bytes} bytes, no newline) comes after the seal.` });

  const lineEndings = lineEndingsMessage(reader);
  if (lineEndings) problems.push({ line: reader.firstCrLine!, kind: 'line-endings', message: lineEndings });
  if (badLines.length) problems.push(...diagnoseChain(path, badLines));
  if (seal && sealLine) checkSeal(seal, sealLine, events, prev, counts, problems);
  problems.sort((a, b) => a.line - b.line);

  const status: VerifyStatus = problems.length ? 'damaged' : seal ? 'sealed' : 'unsealed';
  return {
    file: path,
    status,
    runId: typeof raw.runId === 'string' ? raw.runId : null,
    events,
    bytes,
    validBytes,
    lastHash: prev,
    counts,
    seal,
    torn,
    problems,
    writer: seal ? null : writer,
  };
}

/** A one-paragraph reading of a report, for people. */
export function describeVerify(report: VerifyReport): string {
  const where = `${report.file}`;
  if (report.status === 'sealed') return `${where}: intact — ${report.events} events, sealed (${report.seal!.termination}), final hash ${report.seal!.finalHash}.`;
  if (report.status === 'unsealed') {
    const torn = report.torn ? `; a half-written line ${report.torn.line} (${report.torn.bytes} bytes) is dropped` : '';
    // A run still going is not a killed one: resume would refuse it (the writer holds the lock).
    if (report.writer) return `${where}: unsealed — being written by ${describeOwner(report.writer)}: the run is still going (${report.events} events so far${torn}); verify it again when it has finished.`;
    return `${where}: unsealed — a valid prefix of ${report.events} events with no seal after line ${report.events + 1}${torn}. The run did not finish; \`troupe resume ${report.file}\` continues and seals it.`;
  }
  const lines = report.problems.map((p) => `  line ${p.line}: ${p.message}`);
  return `${where}: DAMAGED — ${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}:\n${lines.join('\n')}`;
}

/**
 * One sentence for the carriage returns a reader met (see `LineReader`), or
 * null when there were none. The lines themselves are checked without them,
 * so a converted but otherwise intact file shows this one problem only.
 */
export function lineEndingsMessage(reader: Pick<LineReader, 'crLines' | 'firstCrLine' | 'line'>): string | null {
  if (reader.crLines === 0) return null;
  const fix = 'it was converted after recording, e.g. by git autocrlf; convert it back with dos2unix (troupe writes \\n line endings only)';
  if (reader.crLines === reader.line) return `the file has Windows (CRLF) line endings: ${fix}.`;
  if (reader.crLines === 1) return `line ${reader.firstCrLine} ends with a Windows (CRLF) line ending: ${fix}.`;
  return `${reader.crLines} lines (the first is line ${reader.firstCrLine}) end with Windows (CRLF) line endings: ${fix}.`;
}

function statSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    throw cannotReadRunFile(path, error);
  }
}

/** Ends with `,"h":"<64 hex>"}` and has something before it. */
function isEventLine(b: Buffer, start: number, end: number): boolean {
  if (end - start < SUFFIX + 2) return false;
  const s = end - SUFFIX;
  return b[s] === 0x2c && b[s + 1] === 0x22 && b[s + 2] === 0x68 && b[s + 3] === 0x22 && b[s + 4] === 0x3a && b[s + 5] === 0x22 && b[end - 2] === 0x22 && b[end - 1] === 0x7d;
}

/** The event's type, from the last `"type":"` in its canonical text (see `typeOfLine`). */
function typeAt(b: Buffer, start: number, end: number): string {
  const at = b.lastIndexOf(TYPE_KEY, end);
  if (at < start) return '?';
  const close = b.indexOf(0x22, at + TYPE_KEY.length);
  return close < 0 || close > end ? '?' : b.toString('latin1', at + TYPE_KEY.length, close);
}

function parseSeal(text: string, line: number, problems: VerifyProblem[]): Seal | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    problems.push({ line, kind: 'seal', message: `line ${line} (seal) is not JSON: it was edited or cut.` });
    return null;
  }
  const parsed = SealSchema.safeParse(value);
  if (!parsed.success) {
    problems.push({ line, kind: 'seal', message: `line ${line} (seal) is not a valid seal: ${parsed.error.issues[0]?.message ?? 'bad shape'}.` });
    return null;
  }
  return parsed.data;
}

const REFORMATTED = 'an event, but not in the recorded canonical form (reformatted, e.g. spaces added or keys reordered): the recorded bytes are the record.';

/** Is `text` an event line whose content, made canonical again, is the one the chain recorded after `prev`? */
function rewritten(text: string, prev: string, stored: string): boolean {
  try {
    const { h: _h, ...event } = JSON.parse(text) as Record<string, unknown>;
    return chainHash(prev, canonicalJson(event)) === stored;
  } catch {
    return false;
  }
}

/**
 * What is wrong with an event line that is not in the recorder's form (canonical JSON ending in its chain hash), and
 * its event type when that can still be read (the last `"type":"…"` of canonical JSON is the event's own).
 */
function malformedLine(text: string): { message: string; type: string | undefined } {
  let value: { h?: unknown; type?: unknown } | null;
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return { message: 'not JSON (edited or cut).', type: /.*"type":"([\w.-]+)"/.exec(text)?.[1] };
  }
  const type = typeof value?.type === 'string' ? value.type : undefined;
  if (typeof value?.h === 'string' && /^[0-9a-f]{64}$/.test(value.h)) return { message: REFORMATTED, type };
  return { message: 'JSON, but not an event line with a chain hash.', type };
}

function checkSeal(seal: Seal, line: number, events: number, last: string | null, counts: Record<string, number>, problems: VerifyProblem[]): void {
  const say = (message: string) => problems.push({ line, kind: 'seal', message });
  if (seal.events !== events) say(`the seal counts ${seal.events} events but the file holds ${events}: lines were ${seal.events > events ? 'deleted' : 'added'}.`);
  if (last !== null && seal.finalHash !== last) say(`the seal's final hash ${seal.finalHash.slice(0, 12)}… is not the last event's hash ${last.slice(0, 12)}….`);
  const types = new Set([...Object.keys(seal.counts), ...Object.keys(counts)]);
  const off = [...types].filter((t) => (seal.counts[t] ?? 0) !== (counts[t] ?? 0));
  if (off.length) say(`the seal's counts differ for ${off.map((t) => `${t} (${seal.counts[t] ?? 0} sealed, ${counts[t] ?? 0} found)`).join(', ')}.`);
  const { h, ...body } = seal;
  if (chainHash(seal.finalHash, canonicalJson(body)) !== h) say(`line ${line} (seal) was edited: its hash does not match its content.`);
}
