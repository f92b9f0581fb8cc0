import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/determinism/rng.ts';
import { verifyRun, type VerifyReport } from '../../src/record/verifyRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import { tempDir } from '../helpers/runs.ts';

let dir: string;
let original: Buffer;
let lines: string[];

beforeAll(async () => {
  dir = tempDir();
  const run = await runWorld({ config: { world: 'relay', seed: 11, maxTurns: 30 }, out: dir });
  original = readFileSync(run.file!);
  lines = original.toString('utf8').split('\n'); // the last element is '' (the file ends with a newline)
});

function write(name: string, content: Buffer | string): VerifyReport {
  const file = join(dir, name);
  writeFileSync(file, content);
  return verifyRun(file);
}
const joinLines = (ls: string[]) => ls.join('\n');
/** 1-based line number of a byte offset. */
const lineOf = (offset: number) => original.subarray(0, offset).toString('latin1').split('\n').length;

describe('verify', () => {
  it('accepts an untouched run as sealed', () => {
    const report = write('ok.jsonl', original);
    expect(report.status).toBe('sealed');
    expect(report.problems).toEqual([]);
    expect(report.events).toBe(lines.length - 3);
  });

  it('detects a flipped byte anywhere in an event line and names that line', () => {
    const rng = createRng(2024);
    const headerEnd = original.indexOf(10) + 1;
    const sealStart = original.lastIndexOf(10, original.length - 2) + 1;
    for (let trial = 0; trial < 12; trial++) {
      const offset = rng.int(headerEnd, sealStart - 2);
      if (original[offset] === 10) continue; // a newline is a line boundary, not a line's content
      const copy = Buffer.from(original);
      copy[offset] = copy[offset]! ^ 0x01;
      const report = write(`flip-${trial}.jsonl`, copy);
      expect(report.status, `byte ${offset}`).toBe('damaged');
      expect(report.problems[0]!.line, `byte ${offset}: ${JSON.stringify(report.problems)}`).toBe(lineOf(offset));
    }
  });

  it('detects an edited header (hashed part) on line 1', () => {
    const edited = [...lines];
    edited[0] = edited[0]!.replace('"seed":11', '"seed":12');
    const report = write('header.jsonl', joinLines(edited));
    expect(report.problems).toEqual([expect.objectContaining({ line: 1, kind: 'header' })]);
  });

  it('detects an edited seal on the seal line', () => {
    const edited = [...lines];
    const seal = edited.length - 2;
    edited[seal] = edited[seal]!.replace(/"termination":"[a-z-]+"/, '"termination":"stopped-by-monitor"');
    expect(edited[seal]).not.toBe(lines[seal]);
    const report = write('seal.jsonl', joinLines(edited));
    expect(report.problems).toEqual([expect.objectContaining({ line: seal + 1, kind: 'seal' })]);
  });

  it('detects a deleted line: lines missing before the next one, and a seal that counts more', () => {
    const edited = [...lines];
    edited.splice(40, 1); // line 41
    const report = write('deleted.jsonl', joinLines(edited));
    expect(report.status).toBe('damaged');
    expect(report.problems[0]).toMatchObject({ line: 41, kind: 'missing' });
    expect(report.problems[0]!.message).toContain('1 line missing before line 41');
    expect(report.problems.some((p) => p.kind === 'seal' && p.message.includes('deleted'))).toBe(true);
  });

  it('detects two swapped lines as out of order at the first of them', () => {
    const edited = [...lines];
    [edited[60], edited[61]] = [edited[61]!, edited[60]!]; // lines 61 and 62
    const report = write('swapped.jsonl', joinLines(edited));
    expect(report.problems).toEqual([expect.objectContaining({ line: 61, kind: 'reordered' })]);
    expect(report.problems[0]!.message).toContain('lines 61–62 are out of order');
  });

  it('reports a dropped seal as an unsealed prefix ending at the right line, not as damage', () => {
    const report = write('noseal.jsonl', `${joinLines(lines.slice(0, -2))}\n`);
    expect(report.status).toBe('unsealed');
    expect(report.problems).toEqual([]);
    expect(report.events).toBe(lines.length - 3);
    expect(report.torn).toBeNull();
  });

  it('drops a torn last line and reports the valid prefix before it', () => {
    const cut = original.subarray(0, original.indexOf(10, 20_000) + 40);
    const report = write('torn.jsonl', cut);
    expect(report.status).toBe('unsealed');
    expect(report.torn).toEqual({ line: lineOf(cut.length), bytes: 39 });
    expect(report.validBytes).toBe(cut.length - 39);
  });

  it('detects a line after the seal', () => {
    const report = write('after.jsonl', `${joinLines(lines.slice(0, -1))}\n${lines[5]}\n`);
    expect(report.problems).toEqual([expect.objectContaining({ line: lines.length, kind: 'after-seal' })]);
  });
});
