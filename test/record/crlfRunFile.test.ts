import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRuns } from '../../src/record/listRuns.ts';
import { replayRun } from '../../src/record/replayRun.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { goldenCopy } from './inProcessCli.ts';

const CRLF = 'the file has Windows (CRLF) line endings: it was converted after recording, e.g. by git autocrlf; convert it back with dos2unix';

/** `sed 's/$/\r/'`: what git autocrlf or an editor makes of a run file. */
function crlfCopy(): string {
  const file = goldenCopy('crlf.jsonl');
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('\n', '\r\n'));
  return file;
}

describe('a run file converted to Windows (CRLF) line endings', () => {
  it('is damaged, with the conversion as its one problem instead of every line', () => {
    const report = verifyRun(crlfCopy());
    expect(report.status).toBe('damaged');
    expect(report.problems).toEqual([{ line: 1, kind: 'line-endings', message: expect.stringContaining(CRLF) }]);
    // Apart from the line endings, every link was checked and holds.
    expect(report.events).toBe(114);
  });

  it('replays, and replay says the file is damaged by the conversion rather than diverging at line 2', async () => {
    const report = await replayRun(crlfCopy());
    expect(report.status).toBe('damaged');
    expect(report.divergence).toBeNull();
    expect(report.matched).toBe(114);
    expect(report.problems).toEqual([expect.stringContaining(CRLF)]);
  });

  it('is listed as damaged by runs', () => {
    const file = crlfCopy();
    const [run] = listRuns(join(file, '..')).runs;
    expect(run).toMatchObject({ damaged: true, termination: null, events: 114 });
    expect(run!.problems[0]).toContain('Windows (CRLF) line endings');
  });

  it('is prevented for committed run files: .gitattributes keeps *.jsonl byte-exact', () => {
    const attributes = readFileSync(join(import.meta.dirname, '..', '..', '.gitattributes'), 'utf8');
    expect(attributes.split('\n')).toContain('*.jsonl -text');
  });
});
