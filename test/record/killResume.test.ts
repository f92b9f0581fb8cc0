import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { createRng } from '../../src/determinism/rng.ts';
import { resumeRun } from '../../src/record/resumeRun.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { tempDir } from '../helpers/runs.ts';

const cli = fileURLToPath(new URL('../../src/cli/troupe.mjs', import.meta.url));
const args = ['run', 'relay', '--param', 'jobs=100000', '--max-turns', '800', '--json'];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Start `troupe run` in a child process and SIGKILL it once its run file holds `bytes` bytes. */
async function runAndKill(out: string, bytes: number): Promise<string> {
  const child = spawn(process.execPath, [cli, ...args, '--out', out], { stdio: 'ignore' });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  child.on('exit', () => (exited = true));
  for (;;) {
    const file = existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.jsonl')) : undefined;
    if (file && statSync(join(out, file)).size >= bytes) {
      child.kill('SIGKILL');
      await exit;
      return join(out, file);
    }
    if (exited) throw new Error(`the run ended before it wrote ${bytes} bytes`);
    await sleep(3);
  }
}

describe('a run killed with SIGKILL', () => {
  it('leaves a valid unsealed prefix at every kill point, and resume seals it with the uninterrupted run’s hash', async () => {
    // The uninterrupted run, through the same CLI code in this process.
    const refDir = tempDir();
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      expect(await main(['node', 'troupe', ...args, '--out', refDir])).toBe(0);
    } finally {
      write.mockRestore();
    }
    const reference = join(refDir, readdirSync(refDir)[0]!);
    const expected = verifyRun(reference);
    expect(expected.status).toBe('sealed');
    const size = statSync(reference).size;
    const referenceLines = readFileSync(reference, 'utf8').split('\n').slice(1);

    const rng = createRng(4242);
    for (let trial = 0; trial < 3; trial++) {
      const out = tempDir();
      const killedAt = Math.floor(size * (0.05 + 0.85 * rng.float()));
      const file = await runAndKill(out, killedAt);
      const prefix = verifyRun(file);
      expect(prefix.status, `trial ${trial}: ${JSON.stringify(prefix.problems)}`).toBe('unsealed');
      expect(prefix.events).toBeGreaterThan(0);
      expect(prefix.events).toBeLessThan(expected.events);

      const resumed = await resumeRun(file);
      expect(resumed.finalHash, `trial ${trial} (killed at ≥ ${killedAt} bytes)`).toBe(expected.seal!.finalHash);
      expect(verifyRun(file).status).toBe('sealed');
      // Byte for byte the same events and seal; only the header's wall-clock metadata differs.
      expect(readFileSync(file, 'utf8').split('\n').slice(1)).toEqual(referenceLines);
    }
  });
});
