import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayRun } from '../../src/record/replayRun.ts';
import { goldenCopy } from './inProcessCli.ts';

// The re-run of an unsealed prefix goes on past its end, where nothing was recorded: those calls are not misses.
describe('replay of an unsealed prefix', () => {
  it('counts no misses for the calls beyond the recorded prefix, and lists them as such', async () => {
    const file = goldenCopy('prefix.jsonl');
    writeFileSync(file, `${readFileSync(file, 'utf8').split('\n').slice(0, 100).join('\n')}\n`);
    const report = await replayRun(file);
    expect(report).toMatchObject({ status: 'identical-prefix', ok: true, events: 99, matched: 99, misses: [] });
    expect(report.beyondPrefix.length).toBeGreaterThan(0);
    expect(report.beyondPrefix[0]).toMatch(/^\w+ call \d+$/);
  });

  it('keeps the misses of a sealed recording (none for an intact one)', async () => {
    const report = await replayRun(goldenCopy());
    expect(report).toMatchObject({ status: 'identical', misses: [], beyondPrefix: [] });
  });
});
