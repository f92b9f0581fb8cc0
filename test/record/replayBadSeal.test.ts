import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayRun } from '../../src/record/replayRun.ts';
import { goldenCopy } from './inProcessCli.ts';

// A seal line that no longer parses used to read as "no seal": an unsealed run, with the advice to resume it.
describe('replay of a file whose seal line was cut or mangled', () => {
  it('says the file is damaged at the seal, not that the run is unfinished', async () => {
    const file = goldenCopy();
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"termination":"[a-z-]+"/, '"termin'));
    const report = await replayRun(file);
    expect(report.status).toBe('damaged');
    expect(report.problems).toEqual(['line 116 (seal) is not a valid seal: it was edited or cut.']);
  });
});
