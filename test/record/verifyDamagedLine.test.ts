import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { goldenCopy } from './inProcessCli.ts';

/** A copy of a golden run with line `n` (1-based) rewritten by `edit`. */
function withLine(n: number, edit: (line: string) => string): string {
  const file = goldenCopy();
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[n - 1] = edit(lines[n - 1]!);
  writeFileSync(file, lines.join('\n'));
  return file;
}

describe('verify of a line damaged in place', () => {
  it('says what happened to it, once, without knock-on "deleted lines" or seal counts', () => {
    const cases: [(line: string) => string, string][] = [
      [(line) => JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, ''), 'line 41 is damaged: an event, but not in the recorded canonical form (reformatted, e.g. spaces added or keys reordered): the recorded bytes are the record.'],
      [(line) => line.slice(0, -5), 'line 41 is damaged: not JSON (edited or cut).'],
      [() => '{"not":"an event"}', 'line 41 is damaged: JSON, but not an event line with a chain hash.'],
    ];
    for (const [edit, message] of cases) {
      const report = verifyRun(withLine(41, edit));
      expect(report.status, message).toBe('damaged');
      expect(report.problems.map((p) => p.message), message).toEqual([message, ...(message.includes('JSON, but not') ? [expect.stringMatching(/seal's counts differ/)] : [])]);
    }
    // Line 42 (an agent.state event) with its agent id's first letter written as an escape: same content, other bytes.
    const escaped = verifyRun(withLine(42, (line) => line.replace('"agent":"user"', '"agent":"\\u0075ser"')));
    expect(escaped.problems.map((p) => p.message)).toEqual(['line 42 is damaged: an event, but not in the recorded canonical form (reformatted, e.g. spaces added or keys reordered): the recorded bytes are the record.']);
  });

  it('finds a header rewritten with the same content (its hash still matches)', () => {
    const report = verifyRun(withLine(1, (line) => JSON.stringify(JSON.parse(line), null, 1).replace(/\n/g, '')));
    expect(report.problems.map((p) => p.message)).toEqual(['line 1 (header) is not in its recorded form (reformatted, e.g. spaces added): the recorded bytes are the record.']);
  });
});
