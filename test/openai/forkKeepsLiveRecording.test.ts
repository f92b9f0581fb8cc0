import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { forkRun } from '../../src/record/forkRun.ts';
import { tempDir } from '../helpers/runs.ts';
import { goldenCopy } from '../record/inProcessCli.ts';

/** Fork the golden synthetic run onto openai agents whose server is not there (one attempt per call: no backoff). */
const forkToUnreachable = (parent: string, out: string) =>
  forkRun(parent, {
    at: 'turn:3',
    out,
    policy: 'openai',
    set: { 'openai.model': 'm', 'openai.baseUrl': 'http://127.0.0.1:1/v1', 'openai.maxAttempts': '1' },
  });

describe('a fork continued by a live model', () => {
  it('is not recorded over by the same fork made again', async () => {
    const parent = goldenCopy();
    const out = tempDir();
    const first = await forkToUnreachable(parent, out);
    expect(first.termination.reason).toBe('error');
    const bytes = readFileSync(first.file!);
    await expect(forkToUnreachable(parent, out)).rejects.toThrow(`${first.file} already holds a run of this configuration recorded from a live model`);
    expect(readFileSync(first.file!).equals(bytes)).toBe(true);
  });
});
