import { appendFileSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayRun } from '../../src/record/replayRun.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { goldenCopy, troupeHere } from './inProcessCli.ts';

const sealLine = (file: string) => readFileSync(file, 'utf8').trimEnd().split('\n').at(-1)!;

// The golden file has 116 lines (header, 114 events, seal): anything appended lands on line 117.
describe('replay of a file with something after its seal', () => {
  const cases: [string, (file: string) => string][] = [
    ['a copy of the seal line', (file) => `${sealLine(file)}\n`],
    ['a line that is no event', () => '{"type":"junk"}\n'],
    ['an empty line', () => '\n'],
    ['a torn line', () => '{"ty'],
  ];
  for (const [what, extra] of cases) {
    it(`says the events replay but the file is damaged after ${what}, as verify does`, async () => {
      const file = goldenCopy();
      appendFileSync(file, extra(file));
      expect(verifyRun(file).status).toBe('damaged');
      const report = await replayRun(file);
      expect(report.status).toBe('damaged');
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual(['line 117 comes after the seal (line 116): the seal must be the last line.']);
    });
  }

  it('exits 1 from the CLI with the damage, not "replays identically"', async () => {
    const file = goldenCopy();
    appendFileSync(file, '{"type":"junk"}\n');
    const r = await troupeHere('replay', file);
    expect(r.code).toBe(1);
    expect(r.out).toContain('the events replay, but the file is damaged:\n  ! line 117 comes after the seal');
    expect(r.out).not.toContain('replays identically');
  });
});
