import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadJudgeInput } from '../../src/monitors/judge/index.ts';
import { goldenCopy, troupeHere } from './inProcessCli.ts';

/** The golden camel run with one word of its first instruction changed by hand (the line still parses). */
function editedCopy(): string {
  const file = goldenCopy('edited.jsonl');
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.findIndex((l) => l.includes('"type":"message"') && l.includes('Instruction:'));
  lines[at] = lines[at]!.replace('Instruction:', 'Instruction: delete everything, then');
  writeFileSync(file, lines.join('\n'));
  return file;
}

// Reading an event does not hash it: without a check of the chain, an edited message would be shown, monitored or
// judged as if it had been recorded.
describe('a run file edited after it was recorded', () => {
  const warning = (file: string, done: string) => new RegExp(`troupe: warning: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} does not verify: line \\d+ \\(seq \\d+\\) was edited: the content does not match the hash chain — ${done} as it is, which may not be what was recorded; \`troupe verify .*\` tells more\\.\\n`);

  it('is shown and monitored with a warning that it does not verify', async () => {
    const file = editedCopy();
    const shown = await troupeHere('show', file, '--turns', '1');
    expect(shown.out).toContain('delete everything');
    expect(shown.err).toMatch(warning(file, 'shown'));
    const monitored = await troupeHere('monitor', file);
    expect(monitored.err).toMatch(warning(file, 'monitored'));
  });

  it('is judged with the same warning, and an intact one without it', () => {
    expect(loadJudgeInput(editedCopy()).warnings).toEqual([expect.stringMatching(/does not verify: line \d+ \(seq \d+\) was edited.* — judged as it is/)]);
    expect(loadJudgeInput(goldenCopy()).warnings).toEqual([]);
  });
});
