import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.ts';
import { researcherDir } from '../helpers/runs.ts';

const src = join(import.meta.dirname, '..', '..', 'src', 'index.ts');

// A .ts module in a folder without `"type": "module"` is CommonJS to Node: troupe loads it through tsx's namespace.
describe('a user module loaded through tsx (no "type": "module" beside it)', () => {
  it('is compiled once: a second process finds every file in tsx\'s disk cache and adds none', () => {
    const dir = researcherDir();
    writeFileSync(
      join(dir, 'quiet.ts'),
      `import { z } from 'zod';
import { defineMitigation } from '${src}';
export default defineMitigation({ kind: 'quiet', summary: 'does nothing', notesOnly: true, schema: z.object({}).strict(), create: () => () => {} });
`,
    );
    // tsx keeps its cache under the temporary folder: a fresh one, so other tests' modules do not count.
    const tmp = join(dir, 'tmp');
    mkdirSync(tmp);
    const cached = () => readdirSync(tmp, { recursive: true }).length;
    const run = () => spawnSync(process.execPath, [cliPath, 'run', 'relay', '--seed', '2', '--max-turns', '3', '--mitigation', './quiet.ts', '--out', 'out'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TMPDIR: tmp } });
    expect(run().status).toBe(0);
    const after = cached();
    // troupe's own files too (the CommonJS copy the module imports), not just the module.
    expect(after).toBeGreaterThan(50);
    expect(run().status).toBe(0);
    expect(cached()).toBe(after);
  });
});
