import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isSealed, listRuns } from '../../src/record/index.ts';
import { runWorld } from '../../src/runner/index.ts';
import { scriptedAgents, tempDir } from '../helpers/runs.ts';

describe('reading a run file’s tail', () => {
  it('counts a run as sealed only when its last line is a valid seal, and lists a damaged seal as unsealed', async () => {
    const dir = tempDir();
    const { file } = await runWorld({ config: { world: 'relay', seed: 3, agents: await scriptedAgents('relay', {}, 3) }, out: dir });
    expect(isSealed(file!)).toBe(true);
    expect(listRuns(dir).runs[0]).toMatchObject({ sealed: true, termination: 'goal-reached' });

    // Bytes after the seal (no newline): not complete.
    const text = readFileSync(file!, 'utf8');
    writeFileSync(file!, `${text}{"type":"tu`);
    expect(isSealed(file!)).toBe(false);
    writeFileSync(file!, text);
    expect(isSealed(file!)).toBe(true);

    const lines = text.split('\n');
    // Cut the seal's JSON short but keep the line complete: damaged, not torn.
    lines[lines.length - 2] = lines.at(-2)!.slice(0, 40);
    writeFileSync(file!, lines.join('\n'));
    expect(isSealed(file!)).toBe(false);
    const listed = listRuns(dir);
    expect(listed.skipped).toEqual([]);
    expect(listed.runs[0]).toMatchObject({ sealed: false, termination: null });
    expect(isSealed(`${dir}/no-such-run.jsonl`)).toBe(false);
  });
});
