import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { readRun } from '../../src/record/readRun.ts';
import { RunFileEvents } from '../../src/monitors/offline/RunFileEvents.ts';

afterEach(() => vi.restoreAllMocks());

const lines = readFileSync(join(import.meta.dirname, '..', 'golden', 'relay-synthetic.jsonl'), 'utf8').split('\n').slice(0, -1);
const header = lines[0]!;
const events = lines.slice(1, -1);
const seal = lines.at(-1)!;

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'troupe-rfe-')), 'run.jsonl');
  writeFileSync(path, text);
  return path;
}

describe('RunFileEvents reads a run file as a stream', () => {
  it('yields the same events as readRun, then knows the seal', () => {
    const path = file(`${lines.join('\n')}\n`);
    const run = RunFileEvents.open(path);
    expect([...run]).toEqual(readRun(path).events);
    expect(run.seal?.events).toBe(events.length);
    expect(run).toMatchObject({ torn: false, count: events.length });
  });

  it('skips the lines of other types unparsed but counts them', () => {
    const path = file(`${lines.join('\n')}\n`);
    const expected = readRun(path).events.filter((e) => e.type === 'message');
    const run = RunFileEvents.open(path, new Set(['message']));
    const parse = vi.spyOn(JSON, 'parse');
    const read = [...run];
    // One parse per message line and one for the seal: no other line is decoded.
    expect(parse).toHaveBeenCalledTimes(expected.length + 1);
    expect(read.length).toBeGreaterThan(0);
    expect(read).toEqual(expected);
    expect(run.count).toBe(events.length);
  });

  it('reads an unsealed file as far as it goes', () => {
    const run = RunFileEvents.open(file(`${header}\n${events.slice(0, 10).join('\n')}\n`));
    expect([...run]).toHaveLength(10);
    expect(run).toMatchObject({ seal: null, torn: false, count: 10 });
  });

  it('drops a torn last line and says so', () => {
    const run = RunFileEvents.open(file(`${header}\n${events.slice(0, 10).join('\n')}\n${events[10]!.slice(0, 40)}`));
    expect([...run]).toHaveLength(10);
    expect(run).toMatchObject({ seal: null, torn: true, count: 10 });
  });

  it('names the line of damage in the middle; ends at the seal and reports what follows it', () => {
    const damaged = RunFileEvents.open(file(`${header}\n${events[0]}\n{oops\n${events[1]}\n`));
    expect(() => [...damaged]).toThrow(/run\.jsonl:3 is not JSON \(the file is damaged in the middle\)/);
    const early = RunFileEvents.open(file(`${header}\n${events[0]}\n${seal}\n${events[1]}\n`));
    expect([...early]).toHaveLength(1);
    expect(early).toMatchObject({ afterSeal: 4, torn: false });
    const stray = RunFileEvents.open(file(`${header}\n${events[0]}\n${seal}\nxx`));
    expect([...stray]).toHaveLength(1);
    expect(stray).toMatchObject({ afterSeal: 4, torn: false });
    // JSON that is no event (a line replaced in an editor) is damage too, not an event to skip.
    const replaced = RunFileEvents.open(file(`${header}\n${events[0]}\n{"not":"an event"}\n${events[1]}\n`));
    expect(() => [...replaced]).toThrow(/run\.jsonl:3 is not an event line \(it lacks a "type"\): the file is damaged in the middle/);
    const textless = RunFileEvents.open(file(`${header}\n${events[0]}\n{"type":"message","seq":1,"from":"user","content":123}\n${events[1]}\n`));
    expect(() => [...textless]).toThrow(/run\.jsonl:3 is not an event line \(it lacks a message's text "content" and "from"\)/);
  });

  it('refuses a file without a header line, or one that is not a run file', () => {
    expect(() => RunFileEvents.open(file(''))).toThrow(UserError);
    expect(() => RunFileEvents.open(file('{"format":"troupe.transcript/1"}\n'))).toThrow(/expected "troupe\.run": not a troupe run file/);
    expect(() => RunFileEvents.open('/nonexistent/run.jsonl')).toThrow(/Cannot read run file \/nonexistent\/run\.jsonl: no such file \(ENOENT\)/);
  });
});
