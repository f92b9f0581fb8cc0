import { chainHash } from './chain.ts';
import { LineReader } from './LineReader.ts';
import { canonicalOfLine, hashOfLine } from './runFile.ts';
import type { VerifyProblem } from './verifyRun.ts';

interface LineInfo {
  readonly seq: number | null;
  readonly canonical: string | null;
  readonly stored: string | null;
}

/**
 * Explain where a hash chain breaks. `badLines` are the event lines whose
 * hash does not follow from the line before; consecutive ones form a damaged
 * region, judged by the `seq` its lines hold against the seqs expected there:
 * the same seqs in another order → reordered; a jump → lines missing; the
 * right seqs (or neighbours that agree) → the lines were edited. Only the
 * lines around the damage are parsed, in a second pass over the file.
 */
export function diagnoseChain(path: string, badLines: readonly number[]): VerifyProblem[] {
  const regions: [number, number][] = [];
  for (const line of badLines) {
    const last = regions.at(-1);
    if (last && line === last[1] + 1) last[1] = line;
    else regions.push([line, line]);
  }
  const wanted = new Set<number>();
  for (const [first, last] of regions) for (let l = first - 1; l <= last + 1; l++) wanted.add(l);
  const info = readLines(path, wanted);
  return regions.map(([first, last]) => diagnose(first, last, info));
}

function diagnose(first: number, last: number, info: Map<number, LineInfo>): VerifyProblem {
  const span = first === last ? `line ${first}` : `lines ${first}–${last}`;
  const before = first === 2 ? -1 : (info.get(first - 1)?.seq ?? null);
  const actual: (number | null)[] = [];
  for (let l = first; l <= last; l++) actual.push(info.get(l)?.seq ?? null);
  if (before === null || actual.some((s) => s === null)) {
    return { line: first, kind: 'edited', message: `the hash chain breaks at ${span}: it does not follow from line ${first - 1} (edited, deleted or reordered lines).` };
  }
  const seqs = actual as number[];
  const expected = seqs.map((_, i) => before + 1 + i);
  const next = info.get(last + 1)?.seq ?? null;
  if (seqs.every((s, i) => s === expected[i])) {
    if (first !== last && hashFieldAltered(first, info)) {
      return { line: first, kind: 'edited', message: `line ${first} (seq ${seqs[0]}) was edited: its hash field was altered (its content is intact).` };
    }
    return { line: first, kind: 'edited', message: `${span} (seq ${seqs.join(', ')}) ${first === last ? 'was' : 'were'} edited: the content does not match the hash chain.` };
  }
  const sorted = [...seqs].sort((a, b) => a - b);
  if (sorted.every((s, i) => s === expected[i])) {
    // Lines at the end of the region that hold their own seq only broke because of the ones before them.
    let n = seqs.length;
    while (n > 2 && seqs[n - 1] === expected[n - 1]) n--;
    return { line: first, kind: 'reordered', message: `lines ${first}–${first + n - 1} are out of order: they hold seq ${seqs.slice(0, n).join(', ')} where ${expected.slice(0, n).join(', ')} belong.` };
  }
  if (next !== null && next === before + seqs.length + 1) {
    return { line: first, kind: 'edited', message: `${span} ${first === last ? 'was' : 'were'} edited: ${first === last ? 'it holds' : 'they hold'} seq ${seqs.join(', ')} where ${expected.join(', ')} belong, and the hash chain breaks there.` };
  }
  const held = seqs[0]!;
  if (held > before + 1) {
    const n = held - before - 1;
    return { line: first, kind: 'missing', message: `${n} line${n === 1 ? '' : 's'} missing before line ${first}: seq jumps from ${before} to ${held} (deleted or lost lines).` };
  }
  return { line: first, kind: 'reordered', message: `line ${first} holds seq ${held}, which does not follow seq ${before}: a duplicated or out-of-order line.` };
}

/** Did the line after `line` chain on `line`'s true hash? Then only `line`'s hash field changed. */
function hashFieldAltered(line: number, info: Map<number, LineInfo>): boolean {
  const prev = info.get(line - 1)?.stored ?? null;
  const here = info.get(line);
  const after = info.get(line + 1);
  if (!prev || !here?.canonical || !after?.canonical || !after.stored) return false;
  return chainHash(chainHash(prev, here.canonical), after.canonical) === after.stored;
}

function readLines(path: string, wanted: Set<number>): Map<number, LineInfo> {
  const info = new Map<number, LineInfo>();
  const reader = new LineReader(path);
  const max = Math.max(...wanted);
  while (reader.next() && reader.line <= max) {
    if (!wanted.has(reader.line)) continue;
    const text = reader.text();
    if (reader.line === 1) {
      info.set(1, { seq: -1, canonical: null, stored: headerStored(text) });
      continue;
    }
    let seq: number | null = null;
    try {
      const value = JSON.parse(text) as { seq?: unknown };
      seq = typeof value.seq === 'number' ? value.seq : null;
    } catch {
      seq = null;
    }
    const event = text.length > 72 && text.endsWith('"}');
    info.set(reader.line, { seq, canonical: event ? canonicalOfLine(text) : null, stored: event ? hashOfLine(text) : null });
  }
  reader.close();
  return info;
}

function headerStored(text: string): string | null {
  try {
    const h = (JSON.parse(text) as { h?: unknown }).h;
    return typeof h === 'string' ? h : null;
  } catch {
    return null;
  }
}
