import { closeSync, existsSync, openSync, readdirSync, readSync, type Dirent } from 'node:fs';
import { isJudgeRecordName } from '../monitors/judge/judgeRecordName.ts';
import { join } from 'node:path';
import { canonicalJson } from '../core/canonical.ts';
import { UserError } from '../core/errors.ts';
import { chainHash, headerHash } from './chain.ts';
import { cannotReadRunFile } from './LineReader.ts';
import { firstLine } from './firstLine.ts';
import { parseHeaderLine } from './readRun.ts';
import { hashOfLine, SEAL_LINE_START, type ForkPoint, type RunHeader, type Seal } from './runFile.ts';
import { runWriter } from './RunLock.ts';
import { lastLines, sealOfLine } from './runTail.ts';
import { lineEndingsMessage } from './verifyRun.ts';

/** One run file as `troupe runs` lists it. */
export interface RunListing {
  readonly file: string;
  readonly runId: string;
  readonly world: string;
  /** The seed the run started with (a fork may change it after its fork point: see `parent.change`). */
  readonly seed: number;
  readonly createdAt: string;
  /** The file has a valid seal line near its end (see `damaged` for whether the rest agrees with it). */
  readonly sealed: boolean;
  /** Unsealed and still being written (a live process holds its lock): running, not killed. */
  readonly writing: boolean;
  /** The listing's checks (see `listRuns`) found damage: the seal's figures are not trusted, `troupe verify` says more. */
  readonly damaged: boolean;
  /** What those checks found, one sentence each (empty when none). */
  readonly problems: readonly string[];
  /** The termination reason, or null for an unsealed (unfinished or killed) or damaged run. */
  readonly termination: string | null;
  /** Turns (for an unsealed or damaged run: the turn of its last event); null when the last event is out of reach. */
  readonly turns: number | null;
  /** Event lines in the file (for a run still being written: as of its last event). */
  readonly events: number | null;
  /** Flag events raised by online monitors, info notes included (from an intact seal only; a sweep's flag rates count warnings only). */
  readonly flags: number | null;
  readonly parent: { readonly runId: string; readonly at: number; readonly change: ForkPoint['change'] } | null;
}

/** How much of a file's end is read to find its seal and last event. */
const TAIL = 64 << 10;

/**
 * The runs in a directory, oldest first, read from each file's header, its
 * last lines and a count of its lines — no parsing or hashing of the events in
 * between, so listing stays fast for long runs and big folders. Checked per
 * file: the header's hash, Windows line endings, that a seal is the last line,
 * is intact and closes on the last event (hash, seq) and that the file holds
 * as many event lines as the seal counts (for an unsealed file: as its last
 * event's seq says). An edit inside an event line is not seen here: that is
 * `verifyRun`'s full check. Files that are not troupe run files are skipped
 * and named in `skipped`; subdirectories holding runs (a sweep's) are only
 * counted, in `subdirs`.
 *
 * @example listRuns('runs').runs.map((r) => `${r.runId} ${r.termination}`)
 */
export function listRuns(dir: string): { runs: RunListing[]; skipped: string[]; subdirs: { dir: string; runs: number }[] } {
  if (!existsSync(dir)) throw new UserError(`No runs directory ${dir}: runs are written to runs/ by default (or give --dir DIR).`);
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    throw new UserError(`Cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
  const names = entries.filter((e) => e.isFile() && isRunFileName(e.name)).map((e) => e.name).sort();
  // Sweeps keep their runs in a folder each: counted here, listed with --dir.
  const subdirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => ({ dir: join(dir, e.name), runs: countRuns(join(dir, e.name)) }))
    .filter((d) => d.runs > 0)
    .sort((a, b) => (a.dir < b.dir ? -1 : 1));
  const runs: RunListing[] = [];
  const skipped: string[] = [];
  for (const name of names) {
    const file = join(dir, name);
    try {
      runs.push(listing(file));
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      skipped.push(`${file}: ${error.message.split('\n')[0]}`);
    }
  }
  runs.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.file < b.file ? -1 : 1));
  return { runs, skipped, subdirs };
}

function countRuns(dir: string): number {
  try {
    return readdirSync(dir).filter(isRunFileName).length;
  } catch {
    return 0;
  }
}

function listing(file: string): RunListing {
  // Asked first: a writer that finishes meanwhile leaves a sealed file, which then lists as sealed.
  const writing = runWriter(file) !== null;
  const first = firstLine(file);
  const header = parseHeaderLine(first, file);
  const problems = headerProblems(first, header);
  // Lines as written, less a carriage return of a CRLF-converted file (reported once, above).
  const last = lastLines(file, TAIL).map(stripCr);
  // A file under TAIL bytes has its header among `last`: it is never the seal or an event.
  const tail = last.length > 0 && last[0] === stripCr(first) ? last.slice(1) : last;
  const sealAt = tail.findIndex((l) => l.startsWith(SEAL_LINE_START));
  const seal = sealAt >= 0 ? sealOfLine(tail[sealAt]) : null;
  const eventText = sealAt >= 0 ? tail[sealAt - 1] : tail.at(-1);
  const lastEvent = parse(eventText);
  // A run still being written is not scanned (it grows meanwhile): it is counted by its last event's seq.
  const lines = writing ? null : countLines(file);
  // Complete lines less the header, the seal and whatever follows the seal.
  const events = lines ? lines.complete - 1 - (sealAt >= 0 ? tail.length - sealAt : 0) : tail.length === 0 ? 0 : typeof lastEvent?.seq === 'number' ? lastEvent.seq + 1 : null;

  if (lines) {
    if (sealAt >= 0 && (sealAt < tail.length - 1 || lines.torn)) problems.push('lines follow the seal: the seal must be the last line.');
    if (sealAt >= 0 && !seal) problems.push('the seal line is not a valid seal: it was edited or cut.');
    if (eventText !== undefined && events !== 0 && lastEvent === null) problems.push('the last event line is not JSON: it was edited or cut.');
    // Seqs count from 0 without gaps, so the last one tells how many event lines there should be (a seal says it too).
    if (sealAt < 0 && events !== null && typeof lastEvent?.seq === 'number' && lastEvent.seq + 1 !== events) {
      problems.push(`the last event is seq ${lastEvent.seq}, so ${lastEvent.seq + 1} event lines are expected, but the file holds ${events}: lines were ${events < lastEvent.seq + 1 ? 'deleted' : 'added'}.`);
    }
    if (seal) problems.push(...sealProblems(seal, events, eventText, header));
  }
  const damaged = problems.length > 0;
  const intact = seal !== null && !damaged;
  const turns = events === 0 ? 0 : lastEvent?.type === 'run.end' && typeof lastEvent.turns === 'number' ? lastEvent.turns : typeof lastEvent?.tick === 'number' ? lastEvent.tick : null;
  return {
    file,
    runId: header.runId,
    world: header.world,
    seed: header.seed,
    createdAt: header.meta.createdAt,
    sealed: seal !== null,
    writing: seal === null && writing,
    damaged,
    problems,
    termination: intact ? seal.termination : null,
    turns,
    events,
    flags: intact ? (seal.counts.flag ?? 0) : null,
    parent: header.parent ? { runId: header.parent.runId, at: header.parent.at, change: header.parent.change } : null,
  };
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Line 1's own checks: its hash (an edited header) and a carriage return (a file converted to CRLF). */
function headerProblems(text: string, header: RunHeader): string[] {
  const problems: string[] = [];
  // Line 1 stands for the file: a conversion changes every line.
  const crlf = lineEndingsMessage({ crLines: text.endsWith('\r') ? 1 : 0, firstCrLine: 1, line: 1 });
  if (crlf) problems.push(crlf);
  let intact = false;
  try {
    // Hash what was written (an older format is converted on load, but was hashed as written).
    intact = headerHash(JSON.parse(text) as RunHeader) === header.h;
  } catch {
    intact = false;
  }
  if (!intact) problems.push('line 1 (header) was edited: its hash does not match its content.');
  return problems;
}

/** Does the seal agree with the file: its own hash, the event lines counted, the last event's seq and hash? */
function sealProblems(seal: Seal, events: number | null, eventText: string | undefined, header: RunHeader): string[] {
  const problems: string[] = [];
  const { h, ...body } = seal;
  if (chainHash(seal.finalHash, canonicalJson(body)) !== h) problems.push('the seal was edited: its hash does not match its content.');
  if (events !== null && seal.events !== events) problems.push(`the seal counts ${seal.events} events but the file holds ${events}: lines were ${seal.events > events ? 'deleted' : 'added'}.`);
  const lastHash = events === 0 ? header.h : eventText !== undefined && eventText.length > 66 ? hashOfLine(eventText) : null;
  if (lastHash !== null && seal.finalHash !== lastHash) problems.push("the seal's final hash is not the last event's hash.");
  return problems;
}


const scan = Buffer.allocUnsafe(1 << 20);

/** Complete lines in a file, and whether a torn (newline-less) line ends it: a byte scan, no decoding. */
function countLines(file: string): { complete: number; torn: boolean } {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw cannotReadRunFile(file, error);
  }
  let complete = 0;
  let lastByte = 10;
  try {
    for (let pos = 0; ; ) {
      const n = readSync(fd, scan, 0, scan.length, pos);
      if (n === 0) break;
      const chunk = scan.subarray(0, n);
      for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) complete++;
      lastByte = chunk[n - 1]!;
      pos += n;
    }
  } catch (error) {
    throw cannotReadRunFile(file, error);
  } finally {
    closeSync(fd);
  }
  return { complete, torn: lastByte !== 10 };
}

function parse(line: string | undefined): Record<string, unknown> | null {
  if (!line) return null;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}

/** A .jsonl file other than a judge record (`troupe judge` keeps those beside the runs it judged). */
function isRunFileName(name: string): boolean {
  return name.endsWith('.jsonl') && !isJudgeRecordName(name);
}
