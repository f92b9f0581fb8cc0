import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { cannotReadRunFile } from './LineReader.ts';
import { SEAL_LINE_START, SealSchema, type Seal } from './runFile.ts';

/**
 * The complete lines in the last `bytes` of a file (a torn last line is
 * dropped unless `keepTorn`, and a first line that may be cut always is).
 * 4 KB is far more than a seal line.
 */
export function lastLines(file: string, bytes = 4096, keepTorn = false): string[] {
  let fd: number | null = null;
  let text: string;
  let cut: boolean;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - bytes);
    const buffer = Buffer.alloc(size - start);
    readSync(fd, buffer, 0, buffer.length, start);
    text = buffer.toString('utf8');
    cut = start > 0;
  } catch (error) {
    // E.g. a file removed since it was listed: the user's to look at, not a crash.
    throw cannotReadRunFile(file, error);
  } finally {
    if (fd !== null) closeSync(fd);
  }
  const lines = text.split('\n');
  // The empty string after the last newline, or a torn line.
  if (!keepTorn || lines.at(-1) === '') lines.pop();
  if (cut) lines.shift(); // probably cut
  return lines;
}

/** The seal, when `line` is a valid one; null for an event line, a damaged seal or nothing. */
export function sealOfLine(line: string | undefined): Seal | null {
  if (!line?.startsWith(SEAL_LINE_START)) return null;
  try {
    const seal = SealSchema.safeParse(JSON.parse(line));
    return seal.success ? seal.data : null;
  } catch {
    return null;
  }
}

/**
 * Is this run file complete: does it end with a valid seal? Reads only the
 * file's tail; a crashed run (no seal, a torn last line), a damaged seal and a
 * missing file are all false. Integrity of the whole file is `verifyRun`'s job.
 *
 * @example if (!isSealed('runs/my-sweep/3f2a….jsonl')) await run()
 */
export function isSealed(file: string): boolean {
  try {
    // Anything after the seal line, even a torn line, makes the file damaged, not complete (as verifyRun says).
    return sealOfLine(lastLines(file, 4096, true).at(-1)) !== null;
  } catch {
    return false;
  }
}

/**
 * How a sealed run ended, from its `run.end` event (the line before the seal), read from the file's tail: its turns
 * and detail. Null when that line is out of reach or unreadable (callers then go without the details).
 *
 * @example recordedEnd('runs/3f2a….jsonl')?.detail // 'user call 0: connection failed: …'
 */
export function recordedEnd(file: string): { readonly turns: number | null; readonly detail: string | null } | null {
  try {
    const line = lastLines(file, 65536).findLast((l) => l.startsWith('{') && l.includes('"type":"run.end"'));
    if (line === undefined) return null;
    const end = JSON.parse(line) as { turns?: unknown; detail?: unknown };
    return { turns: typeof end.turns === 'number' ? end.turns : null, detail: typeof end.detail === 'string' ? end.detail : null };
  } catch {
    return null;
  }
}
