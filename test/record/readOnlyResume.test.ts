import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { runWorld } from '../../src/runner/index.ts';
import { cliPath } from '../helpers/cli.ts';
import { tempDir } from '../helpers/runs.ts';

/** Run the CLI as an unprivileged user (root, as in CI, ignores file modes). */
function troupeAsNobody(...args: string[]) {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, cliPath, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const canDropPrivileges = process.getuid?.() === 0 && existsSync('/usr/bin/setpriv');

describe('resume of a run file its user cannot write', () => {
  it.skipIf(!canDropPrivileges)('says so before replaying anything, and resumes a writable copy with --out', async () => {
    const full = await runWorld({ config: { world: 'relay', seed: 3, maxTurns: 20 }, out: tempDir() });
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const file = join(dir, 'cut.jsonl');
    const bytes = readFileSync(full.file!);
    writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    chmodSync(file, 0o444);
    const inPlace = troupeAsNobody('resume', file);
    expect(inPlace.stderr).toMatch(/^troupe: Cannot write the run file .*cut\.jsonl \(EACCES\)/);
    expect(inPlace.code).toBe(1);
    const copies = join(dir, 'copies');
    const copied = troupeAsNobody('resume', file, '--out', copies);
    expect(copied.stderr).toBe('');
    expect(copied.code).toBe(0);
    expect(verifyRun(join(copies, 'cut.jsonl')).seal?.finalHash).toBe(full.finalHash);
    expect(statSync(join(copies, 'cut.jsonl')).mode & 0o200).toBe(0o200);
  });
});
