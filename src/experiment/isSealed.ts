import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** Bytes read from the end of a file: far more than a seal line. */
const TAIL = 4096;

/**
 * Is this run file complete? True when its last line is a seal. Reads only
 * the file's tail: a crashed run (no seal, or a torn last line) is false, and
 * so is a missing file.
 *
 * @example if (!isSealed('runs/my-sweep/3f2a….jsonl')) await run()
 */
export function isSealed(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    // A complete file ends with a newline; anything after the last one is a torn write.
    if (!text.endsWith('\n')) return false;
    const last = text.slice(text.lastIndexOf('\n', text.length - 2) + 1, -1);
    try {
      return (JSON.parse(last) as { type?: unknown }).type === 'seal';
    } catch {
      return false;
    }
  } finally {
    closeSync(fd);
  }
}
