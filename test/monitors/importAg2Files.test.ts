import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { transcriptFileName, transcriptFileNames } from '../../src/transcript/transcriptFileName.ts';
import { runCli } from './runCli.ts';

afterEach(() => vi.restoreAllMocks());

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'mast-lint-dogfood');
const records = JSON.parse(readFileSync(join(fixtures, 'raw_ag2_records.json'), 'utf8')) as { trace_id: string }[];

function input(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'troupe-ag2in-')), name);
  writeFileSync(path, text);
  return path;
}
const outDir = (): string => mkdtempSync(join(tmpdir(), 'troupe-ag2out-'));

describe('troupe import ag2 writes one safe file per trace', () => {
  it('refuses two records with the same trace_id instead of overwriting one with the other', async () => {
    const dup = records.map((r, i) => (i === 1 ? { ...r, trace_id: records[0]!.trace_id } : r));
    const file = input('dup.json', JSON.stringify(dup));
    const out = outDir();
    await expect(runCli('import', 'ag2', file, '--out', out)).rejects.toThrow(UserError);
    await expect(runCli('import', 'ag2', file, '--out', out)).rejects.toThrow(/records #1 and #2 have the same trace_id "linked-list-merge"/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('gives unsafe ids visible, distinct names inside the folder and keeps the id in the transcript', async () => {
    const ids = ['../../etc/evil', 'a/b', 'a:b', 'a_b', '.hidden', 'labels'];
    const file = input('unsafe.json', JSON.stringify(ids.map((id, i) => ({ ...records[i]!, trace_id: id }))));
    const out = outDir();
    const { out: printed } = await runCli('import', 'ag2', file, '--out', out);
    const names = readdirSync(out).sort();
    expect(names).toHaveLength(ids.length);
    expect(names.every((n) => /^[\w][\w.-]*\.json$/.test(n) && !n.includes('..'))).toBe(true);
    expect(names).toContain('a_b.json');
    expect(names).not.toContain('labels.json');
    const inside = names.map((n) => (JSON.parse(readFileSync(join(out, n), 'utf8')) as { id: string }).id).sort();
    expect(inside).toEqual([...ids].sort());
    expect(printed).toMatch(/"\.\.\/\.\.\/etc\/evil" → etc_evil-[0-9a-f]{8}\.json/);
  });

  it('names files deterministically: a safe id as it is, an unsafe one sanitised with a hash of the original', () => {
    expect(transcriptFileName('rate-limiter')).toBe('rate-limiter.json');
    expect(transcriptFileName('a/b')).toBe(transcriptFileName('a/b'));
    expect(transcriptFileName('a/b')).not.toBe(transcriptFileName('a:b'));
    expect(transcriptFileName('../../etc/evil')).toMatch(/^etc_evil-[0-9a-f]{8}\.json$/);
    expect(transcriptFileName('...')).toMatch(/^trace-[0-9a-f]{8}\.json$/);
    // Ids that differ only in case would share a file on a case-insensitive file system.
    const [upper, lower] = transcriptFileNames(['Task', 'task']);
    expect(upper!.toLowerCase()).not.toBe(lower!.toLowerCase());
  });

  it('explains a wrong top-level shape, naming the file and what was expected', async () => {
    const wrapped = input('wrapped.json', JSON.stringify({ records }));
    await expect(runCli('import', 'ag2', wrapped, '--out', outDir())).rejects.toThrow(
      /AG2 file .*wrapped\.json: expected a JSON array of AG2 records .*; got an object with keys "records"\. If the records are in "records", extract that array/,
    );
    await expect(runCli('import', 'ag2', join(fixtures, 'gold_labels.json'), '--out', outDir())).rejects.toThrow(
      /gold_labels\.json looks like a MAST gold-label file .*: pass it with --gold/,
    );
    await expect(runCli('import', 'ag2', input('n.json', '42'), '--out', outDir())).rejects.toThrow(/expected a JSON array of AG2 records.*; got number/);
  });

  it('explains AG2 records passed as the gold labels, and writes nothing', async () => {
    const file = join(fixtures, 'raw_ag2_records.json');
    const out = outDir();
    await expect(runCli('import', 'ag2', file, '--gold', file, '--out', out)).rejects.toThrow(/Gold-label file .* is an array, which looks like AG2 records/);
    expect(readdirSync(out)).toEqual([]);
  });

  it('refuses an --out that is a file, naming it', async () => {
    const notADir = input('file.txt', 'x');
    await expect(runCli('import', 'ag2', join(fixtures, 'raw_ag2_records.json'), '--out', notADir)).rejects.toThrow(UserError);
    await expect(runCli('import', 'ag2', join(fixtures, 'raw_ag2_records.json'), '--out', join(notADir, 'sub'))).rejects.toThrow(
      /--out .*file\.txt\/sub: a file stands where a folder is needed/,
    );
  });

  it('reads JSONL, one record per line, as the same records', async () => {
    const jsonl = input('records.jsonl', `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const out = outDir();
    expect((await runCli('import', 'ag2', jsonl, '--out', out)).out).toMatch(/wrote 8 transcripts/);
    expect(readdirSync(out)).toHaveLength(8);
    const broken = input('broken.jsonl', `${JSON.stringify(records[0])}\n{oops\n`);
    await expect(runCli('import', 'ag2', broken, '--out', outDir())).rejects.toThrow(/broken\.jsonl is neither JSON .* nor JSONL \(one JSON record per line\): line 2:/);
  });
});
