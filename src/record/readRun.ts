import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.ts';
import type { RunEvent } from '../core/events.ts';
import { firstLine } from './firstLine.ts';
import { cannotReadRunFile } from './LineReader.ts';
import { RUN_FORMAT, RUN_FORMAT_VERSION, RunHeaderSchema, SealSchema, type RunHeader, type Seal } from './runFile.ts';
import { z } from 'zod';

/** A run file as read: header, events and seal (null when unsealed). Chain checks read the raw lines themselves (`verifyRun`). */
export interface RunFile {
  readonly path: string;
  readonly header: RunHeader;
  readonly events: RunEvent[];
  readonly seal: Seal | null;
  /** A half-written last line was dropped. */
  readonly torn: boolean;
}

/**
 * Converters from older format versions to the current one, keyed by the
 * version they read. Old files are converted on load, never rewritten.
 */
const upgrades: Record<number, (header: Record<string, unknown>) => Record<string, unknown>> = {
  // 1 → 2: nothing to convert. Only the request-hash rule changed, and the header keeps `version: 1` (it is
  // hashed into the chain) so that re-runs apply version 1's rule.
  1: (header) => header,
};

/**
 * Read a run file. A torn last line (a crash mid-write) is dropped; a file
 * without a seal is returned with `seal: null`. Structure errors are UserErrors
 * naming the file and line.
 */
export function readRun(path: string): RunFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw cannotReadRunFile(path, error);
  }
  const lines = text.split('\n');
  // A complete file ends with a newline, so the last element is empty; anything else there is a torn write.
  const tail = lines.pop() ?? '';
  let torn = tail.length > 0;
  if (lines.length === 0) throw new UserError(`${path} is empty or has no complete header line: not a troupe run file.`);

  const header = parseHeaderLine(lines[0]!, path);

  const events: RunEvent[] = [];
  let seal: Seal | null = null;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      if (i === lines.length - 1 && !torn) {
        torn = true;
        break;
      }
      throw new UserError(`${path}:${i + 1} is not JSON (the file is damaged in the middle).`);
    }
    if (value.type === 'seal') {
      if (i !== lines.length - 1) throw new UserError(`${path}:${i + 1}: a seal must be the last line.`);
      const parsed = SealSchema.safeParse(value);
      if (!parsed.success) throw new UserError(`${path}:${i + 1} is not a valid seal:\n${z.prettifyError(parsed.error)}`);
      seal = parsed.data;
      break;
    }
    const { h: _h, ...event } = value;
    events.push(event as RunEvent);
  }
  return { path, header, events, seal, torn };
}

/** The source hashes a run file's header records: its world's, and its mitigation modules' by path. */
export interface RecordedSources {
  readonly world: string;
  readonly mitigations: Readonly<Record<string, string>>;
  readonly monitors: Readonly<Record<string, string>>;
}

/**
 * The source hashes a run file's header records (`specHashes`), the world's read without parsing the header: a
 * resumed sweep asks them of every sealed run. `modules`: read those of its mitigation and monitor modules too (the
 * header is parsed).
 */
export function recordedSources(path: string, modules: boolean): RecordedSources {
  const line = firstLine(path);
  if (modules) {
    const hashes = parseHeaderLine(line, path).specHashes;
    return { world: hashes.worldSource, mitigations: hashes.mitigationSources ?? {}, monitors: hashes.monitorSources ?? {} };
  }
  // Canonical JSON: the key occurs once in a header, its value a hex hash.
  return { world: /"worldSource":"([0-9a-f]+)"/.exec(line)?.[1] ?? parseHeaderLine(line, path).specHashes.worldSource, mitigations: {}, monitors: {} };
}

/** The error for a file whose line 1 (`text`) is not JSON; `or` adds another explanation. */
export function headerNotJson(path: string, text: string, or = ''): UserError {
  // A pretty-printed JSON document (a sweep's summary.json, say) opens with a lone bracket.
  const document = /^\s*[[{]\s*$/.test(text) ? ' (it looks like a multi-line JSON document, such as a sweep\'s summary.json; a run file holds one JSON object per line)' : or;
  return new UserError(`${path}:1 is not JSON: not a troupe run file${document}.`);
}

/**
 * Parse line 1 of a run file into the current header shape, converting older
 * format versions on load. Errors are UserErrors naming the file.
 */
export function parseHeaderLine(text: string, path: string): RunHeader {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw headerNotJson(path, text);
  }
  if (raw === null || typeof raw !== 'object' || raw.format !== RUN_FORMAT) {
    throw new UserError(`${path}:1 has ${raw?.format === undefined ? 'no "format" field' : `format ${JSON.stringify(raw.format)}`}, expected "${RUN_FORMAT}": not a troupe run file.`);
  }
  for (let v = Number(raw.version); v < RUN_FORMAT_VERSION; v++) {
    const upgrade = upgrades[v];
    if (!upgrade) throw new UserError(`${path}: run format version ${raw.version} cannot be converted to ${RUN_FORMAT_VERSION}.`);
    raw = upgrade(raw);
  }
  if (Number(raw.version) > RUN_FORMAT_VERSION) {
    throw new UserError(`${path}: run format version ${raw.version} is newer than this troupe (${RUN_FORMAT_VERSION}); upgrade troupe.`);
  }
  const header = RunHeaderSchema.safeParse(raw);
  if (!header.success) throw new UserError(`${path}:1 is not a valid run header:\n${z.prettifyError(header.error)}`);
  return header.data;
}
