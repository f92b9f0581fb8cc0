import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { tempDir } from '../helpers/runs.ts';
import { describe, expect, it } from 'vitest';
import { replayRun } from '../../src/record/replayRun.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { goldenCopy, troupeHere } from './inProcessCli.ts';

describe('replay explains', () => {
  it('a deleted line as a missing line, as verify does — not as an edit, nor as changed code', async () => {
    const file = goldenCopy();
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(99, 1); // line 100
    writeFileSync(file, lines.join('\n'));
    expect(verifyRun(file).problems[0]!.message).toContain('1 line missing before line 100');

    const report = await replayRun(file);
    expect(report.status).toBe('diverged');
    // The damaged file is the whole story: no request, path or commit story read into the diff.
    expect(report.divergence!.causes).toEqual([`the run file itself is damaged at line 100: 1 line missing before line 100: seq jumps from 97 to 99 (deleted or lost lines) (see \`troupe verify ${file}\`).`]);
  });

  it('a world given that is not the recorded one: the ids differ, it is not changed world code', async () => {
    const file = goldenCopy();
    const r = await troupeHere('replay', file, '--world', 'relay');
    expect(r.code).toBe(1);
    expect(r.err).toBe(`troupe: --world relay is world "relay", but ${file} recorded world "camel-roleplay": not the recorded world. Replay against it, or a changed copy of it (same id).\n`);
  });

  it('the same for fork and resume; a refused resume into another folder leaves no copy there', async () => {
    const file = goldenCopy();
    const fork = await troupeHere('fork', file, '--at', 'turn:3', '--world', 'relay');
    expect(fork.err).toBe(`troupe: --world relay is world "relay", but ${file} recorded world "camel-roleplay": not the recorded world. Fork against it, or a changed copy of it (same id).\n`);
    const cut = join(dirname(file), 'cut.jsonl');
    writeFileSync(cut, readFileSync(file, 'utf8').split('\n').slice(0, 60).join('\n') + '\n');
    const out = tempDir();
    const resume = await troupeHere('resume', cut, '--out', out, '--world', 'relay');
    expect(resume.err).toBe(`troupe: --world relay is world "relay", but ${cut} recorded world "camel-roleplay": not the recorded world. Resume against it, or a changed copy of it (same id).\n`);
    expect(resume.code).toBe(1);
    expect(readdirSync(out)).toEqual([]);
    // Against the recorded world it resumes into the folder.
    expect((await troupeHere('resume', cut, '--out', out)).code).toBe(0);
    expect(readdirSync(out)).toEqual(['cut.jsonl']);
  });

  it('takes --agents or --current-agents, not both (one would silently win)', async () => {
    const file = goldenCopy();
    const agents = join(dirname(file), 'agents.json');
    writeFileSync(agents, '[]');
    const r = await troupeHere('replay', file, '--agents', agents, '--current-agents');
    expect(r.code).toBe(1);
    expect(r.err).toContain("option '--current-agents' cannot be used with option '--agents <file>'");
  });
});
