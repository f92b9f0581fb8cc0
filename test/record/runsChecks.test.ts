import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listRuns } from '../../src/record/listRuns.ts';
import { tempDir } from '../helpers/runs.ts';
import { goldenCopy, troupeHere } from './inProcessCli.ts';

const RUN = '4431531e264c568c';

/** A folder holding the golden run as `<runId>.jsonl` and, as `name`, a copy changed by `edit` (lines without their newlines). */
function folderWith(name: string, edit: (lines: string[]) => string[]): { dir: string; file: string } {
  const dir = tempDir();
  const original = goldenCopy(`${RUN}.jsonl`, dir);
  const file = join(dir, name);
  const lines = readFileSync(original, 'utf8').split('\n').slice(0, -1);
  writeFileSync(file, `${edit(lines).join('\n')}\n`);
  return { dir, file };
}
const listed = (dir: string, file: string) => listRuns(dir).runs.find((r) => r.file === file)!;

describe('troupe runs', () => {
  it('lists a file with a deleted line as damaged, not with its seal’s ending and counts', () => {
    const { dir, file } = folderWith('deleted.jsonl', (ls) => ls.toSpliced(60, 1));
    expect(listed(dir, file)).toMatchObject({ damaged: true, sealed: true, termination: null, flags: null, events: 113 });
    expect(listed(dir, file).problems).toEqual(['the seal counts 114 events but the file holds 113: lines were deleted.']);
  });

  it('lists an unsealed file with a deleted line as damaged, by its last event’s seq', () => {
    const { dir, file } = folderWith('cut.jsonl', (ls) => ls.slice(0, 80).toSpliced(40, 1));
    expect(listed(dir, file)).toMatchObject({ damaged: true, events: 78 });
    expect(listed(dir, file).problems[0]).toContain('the last event is seq 78, so 79 event lines are expected, but the file holds 78');
  });

  it('lists an edited header as damaged', () => {
    const { dir, file } = folderWith('header.jsonl', (ls) => [ls[0]!.replace('"seed":1,', '"seed":2,'), ...ls.slice(1)]);
    expect(listed(dir, file)).toMatchObject({ damaged: true, termination: null });
    expect(listed(dir, file).problems).toEqual(['line 1 (header) was edited: its hash does not match its content.']);
  });

  it('lists lines after the seal as damage', () => {
    const { dir, file } = folderWith('after.jsonl', (ls) => [...ls, '{"type":"junk"}']);
    expect(listed(dir, file)).toMatchObject({ damaged: true, events: 114 });
  });

  it('gives a header-only file 0 turns and 0 events, not unknowns', () => {
    const { dir, file } = folderWith('header-only.jsonl', (ls) => ls.slice(0, 1));
    expect(listed(dir, file)).toMatchObject({ damaged: false, sealed: false, turns: 0, events: 0 });
  });

  it('says a torn header line is no complete header line, not that it is not JSON', () => {
    const dir = tempDir();
    const file = goldenCopy('torn.jsonl', dir);
    writeFileSync(file, readFileSync(file).subarray(0, 500));
    expect(listRuns(dir).skipped).toEqual([`${file}: ${file} has no complete header line (500 bytes): not a run file, or a run killed before it wrote anything.`]);
  });

  it('tells copies apart: each run has its file in --json, and the table gets a file column', async () => {
    const dir = tempDir();
    goldenCopy(`${RUN}.jsonl`, dir);
    copyFileSync(join(dir, `${RUN}.jsonl`), join(dir, 'copy.jsonl'));
    const json = JSON.parse((await troupeHere('runs', '--dir', dir, '--json')).out) as { file: string }[];
    expect(json.map((r) => r.file).sort()).toEqual([join(dir, `${RUN}.jsonl`), join(dir, 'copy.jsonl')]);
    const table = (await troupeHere('runs', '--dir', dir)).out.split('\n');
    expect(table[0]).toMatch(/^file\s+run\s+world/);
    expect(table.filter((l) => l.startsWith('copy.jsonl ') || l.startsWith(`${RUN}.jsonl `))).toHaveLength(2);
  });

  it('marks a damaged run in the table and says what was found, pointing to verify', async () => {
    const { dir, file } = folderWith('deleted.jsonl', (ls) => ls.toSpliced(60, 1));
    const r = await troupeHere('runs', '--dir', dir);
    expect(r.out).toMatch(/^deleted\.jsonl .* 113 +DAMAGED +-/m);
    expect(r.out).toContain(`DAMAGED ${file}: the seal counts 114 events but the file holds 113: lines were deleted. (\`troupe verify ${file}\` says more)`);
    expect((await troupeHere('runs', '--help')).out).toContain('`troupe verify <file>` checks\nevery link of the hash chain');
  });
});
