import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.ts';
import { LineReader } from '../../src/record/LineReader.ts';
import { tempDir } from '../helpers/runs.ts';
import { internalError, troupeHere } from './inProcessCli.ts';

// Opening a directory succeeds on Linux and reading it fails later (EISDIR), which surfaced as an internal error.
describe('a path that is no readable file, given as a run file', () => {
  it('is a directory, not a run file, for verify and replay: exit 1, no stack trace', async () => {
    const dir = join(tempDir(), 'dir.jsonl');
    mkdirSync(dir);
    for (const command of ['verify', 'replay']) {
      const r = await troupeHere(command, dir);
      expect(r.code, command).toBe(1);
      expect(`${r.out}${r.err}`, command).toContain(`${dir} is a directory, not a run file.`);
      expect(`${r.out}${r.err}`, command).not.toMatch(internalError);
    }
  });

  it('names the path and the errno code when it cannot be opened', () => {
    const missing = join(tempDir(), 'missing.jsonl');
    expect(() => new LineReader(missing)).toThrow(UserError);
    expect(() => new LineReader(missing)).toThrow(`Cannot read run file ${missing}: no such file (ENOENT).`);
  });
});
