import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { goldenCopy, internalError, troupeHere } from './inProcessCli.ts';

// One bad name among many files used to stop verify at that file, hiding the reports of all the others.
describe('verify given several files', () => {
  it('reports every file, marks the one that is no run file, and exits 1', async () => {
    const good = goldenCopy();
    const garbage = join(good, '..', 'garbage.jsonl');
    writeFileSync(garbage, 'garbage\n');
    const missing = join(good, '..', 'missing.jsonl');
    const r = await troupeHere('verify', garbage, good, missing);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const lines = r.out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(new RegExp(`^${garbage}: NOT A RUN FILE — .*:1 is not JSON`));
    expect(lines[1]).toMatch(new RegExp(`^${good}: intact — 114 events, sealed`));
    expect(lines[2]).toBe(`${missing}: NOT A RUN FILE — Cannot read run file ${missing}: no such file (ENOENT).`);
    expect(r.out).not.toMatch(internalError);
  });

  it('says a pretty-printed JSON file (a sweep summary caught by a glob) is a JSON document, not a damaged run', async () => {
    const summary = join(goldenCopy(), '..', 'summary.json');
    writeFileSync(summary, `${JSON.stringify({ format: 'troupe.sweep-summary/1', groups: [] }, null, 2)}\n`);
    const r = await troupeHere('verify', summary);
    expect(r.out).toBe(
      `${summary}: NOT A RUN FILE — ${summary}:1 is not JSON: not a troupe run file (it looks like a multi-line JSON document, such as a sweep's summary.json; a run file holds one JSON object per line).\n`,
    );
  });

  it('prints one JSON object per file with --json, the failing ones with status "not-a-run-file"', async () => {
    const good = goldenCopy();
    const garbage = join(good, '..', 'garbage.jsonl');
    writeFileSync(garbage, 'garbage\n');
    const r = await troupeHere('verify', '--json', garbage, good);
    expect(r.code).toBe(1);
    const reports = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { file: string; status: string; error?: string });
    expect(reports).toEqual([
      { file: garbage, status: 'not-a-run-file', error: expect.stringContaining('is not JSON') },
      expect.objectContaining({ file: good, status: 'sealed' }),
    ]);
  });
});
