import { closeSync, existsSync, openSync, readdirSync, readSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../core/errors.ts';
import { LineReader } from './LineReader.ts';
import { parseHeaderLine } from './readRun.ts';
import { SEAL_LINE_START, type ForkPoint } from './runFile.ts';
import { runWriter } from './RunLock.ts';
import { lastLines, sealOfLine } from './runTail.ts';

/** One run file as `troupe runs` lists it. */
export interface RunListing {
  readonly file: string;
  readonly runId: string;
  readonly world: string;
  /** The seed the run started with (a fork may change it after its fork point: see `parent.change`). */
  readonly seed: number;
  readonly createdAt: string;
  readonly sealed: boolean;
  /** Unsealed and still being written (a live process holds its lock): running, not killed. */
  readonly writing: boolean;
  /** The termination reason, or null for an unsealed (unfinished or killed) run. */
  readonly termination: string | null;
  /** Turns (for an unsealed run: the turn of its last event). */
  readonly turns: number | null;
  readonly events: number | null;
  /** Flags raised by online monitors. */
  readonly flags: number | null;
  readonly parent: { readonly runId: string; readonly at: number; readonly change: ForkPoint['change'] } | null;
}

/** How much of a file's end is read to find its seal and last event. */
const TAIL = 64 << 10;

/**
 * The runs in a directory, oldest first, read from each file's header and its
 * last lines only (no full read), so listing stays fast for long runs. Files
 * that are not troupe run files are skipped and named in `skipped`;
 * subdirectories holding runs (a sweep's) are only counted, in `subdirs`.
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
  const names = entries.filter((e) => e.isFile() && e.name.endsWith('.jsonl')).map((e) => e.name).sort();
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
      skipped.push(`${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  runs.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.file < b.file ? -1 : 1));
  return { runs, skipped, subdirs };
}

function countRuns(dir: string): number {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.jsonl')).length;
  } catch {
    return 0;
  }
}

function listing(file: string): RunListing {
  const header = parseHeaderLine(firstLine(file), file);
  const last = lastLines(file, TAIL);
  const seal = sealOfLine(last.at(-1));
  // A seal line, valid or damaged, is not the last event.
  const lastEvent = parse(last.at(-1)?.startsWith(SEAL_LINE_START) ? last.at(-2) : last.at(-1));
  const turns = lastEvent?.type === 'run.end' && typeof lastEvent.turns === 'number' ? lastEvent.turns : typeof lastEvent?.tick === 'number' ? lastEvent.tick : null;
  const sealed = seal !== null;
  return {
    file,
    runId: header.runId,
    world: header.world,
    seed: header.seed,
    createdAt: header.meta.createdAt,
    sealed,
    writing: !sealed && runWriter(file) !== null,
    termination: sealed ? seal.termination : null,
    turns,
    events: sealed ? seal.events : typeof lastEvent?.seq === 'number' ? lastEvent.seq + 1 : null,
    flags: sealed ? (seal.counts.flag ?? 0) : null,
    parent: header.parent ? { runId: header.parent.runId, at: header.parent.at, change: header.parent.change } : null,
  };
}

/** Line 1 of a file: from its first block when it fits, else read line by line. */
function firstLine(file: string): string {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(TAIL);
  let n: number;
  try {
    n = readSync(fd, buffer, 0, TAIL, 0);
  } finally {
    closeSync(fd);
  }
  const nl = buffer.subarray(0, n).indexOf(10);
  if (nl >= 0) return buffer.toString('utf8', 0, nl);
  const reader = new LineReader(file);
  const text = reader.next() ? reader.text() : '';
  reader.close();
  return text;
}

function parse(line: string | undefined): Record<string, unknown> | null {
  if (!line) return null;
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}
