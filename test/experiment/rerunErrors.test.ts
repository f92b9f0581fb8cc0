import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.ts';
import { researcherDir } from '../helpers/runs.ts';

const src = join(import.meta.dirname, '..', '..', 'src', 'index.ts');

/** A mitigation whose code throws on odd seeds unless FIXED is set: runs that end in error until the cause is fixed. */
const FLAKY = `import { z } from 'zod';
import { defineMitigation } from '${src}';
export default defineMitigation({
  kind: 'flaky', summary: 'throws on odd seeds until FIXED', notesOnly: true, schema: z.object({}).strict(),
  create: (_p, api) => (e) => { if (e.type === 'turn.start' && e.turn === 2 && api.config.seed % 2 === 1 && !process.env.FIXED) throw new Error('odd seed'); },
});
`;

function sweep(cwd: string, env: Record<string, string>, ...extra: string[]) {
  const args = [cliPath, 'sweep', '--world', 'relay', '--arms', 'none,./flaky.ts', '--seeds', '1..4', '--max-turns', '6', '--out', 'out', '--no-progress', '--workers', '0', ...extra];
  const r = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('a sweep with runs that ended in error', () => {
  it('says so and exits 1; run again with --rerun-errors it runs them anew and keeps the old files', () => {
    const dir = researcherDir();
    writeFileSync(join(dir, 'flaky.ts'), FLAKY);
    const first = sweep(dir, {});
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(
      /^troupe: 2 of the 8 runs ended in error or out of budget, e\.g\. \S+\.jsonl: mitigation "flaky" \(\S+flaky\.ts\): its code threw: odd seed\. The figures count them as failed runs\. Once the cause is fixed, run the sweep again with --rerun-errors\.\n$/,
    );
    expect(first.stdout).toMatch(/end error +0\.000 \[0\.000, 0\.000\] +0\.500/);

    // Fixed, but run again as before: the errored runs are reused, and still reported.
    expect(sweep(dir, { FIXED: '1' })).toMatchObject({ code: 1, stdout: expect.stringMatching(/8 runs \(0 run now, 8 already recorded\)/) });
    const fixed = sweep(dir, { FIXED: '1' }, '--rerun-errors');
    expect([fixed.code, fixed.stderr]).toEqual([0, '']);
    expect(fixed.stdout).toMatch(/8 runs \(2 run now, 6 already recorded\)/);
    expect(fixed.stdout).not.toMatch(/^end error/m);
    const [sweepDir] = readdirSync(join(dir, 'out'));
    expect(readdirSync(join(dir, 'out', sweepDir!)).filter((f) => f.endsWith('.errored'))).toHaveLength(2);
  }, 60_000);

  it('refused for runs of other code, moves no file', () => {
    const dir = researcherDir();
    writeFileSync(join(dir, 'flaky.ts'), FLAKY);
    expect(sweep(dir, {}).code).toBe(1);
    const [sweepDir] = readdirSync(join(dir, 'out'));
    const before = readdirSync(join(dir, 'out', sweepDir!)).sort();
    writeFileSync(join(dir, 'flaky.ts'), `${FLAKY}// edited\n`);
    const again = sweep(dir, { FIXED: '1' }, '--rerun-errors');
    expect([again.code, again.stderr]).toEqual([1, expect.stringMatching(/^troupe: 2 of the runs already recorded in .* were made with other code/)]);
    expect(readdirSync(join(dir, 'out', sweepDir!)).sort()).toEqual(before);
  }, 60_000);
});
