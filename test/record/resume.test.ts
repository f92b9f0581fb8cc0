import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { threadId } from 'node:worker_threads';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/determinism/rng.ts';
import { forkRun } from '../../src/record/forkRun.ts';
import { resumeRun } from '../../src/record/resumeRun.ts';
import { verifyRun } from '../../src/record/verifyRun.ts';
import { runWorld, type RunResult } from '../../src/runner/index.ts';
import { tempDir } from '../helpers/runs.ts';
import { relayCopy, replaceOnce } from './worldCopy.ts';

let full: RunResult;
let bytes: Buffer;

beforeAll(async () => {
  full = await runWorld({ config: { world: 'relay', seed: 21, maxTurns: 50, worldParams: { jobs: 100 } }, out: tempDir() });
  bytes = readFileSync(full.file!);
});

describe('resume', () => {
  it('finishes a run cut at any byte into the very file the uninterrupted run wrote', async () => {
    const rng = createRng(7);
    const dir = tempDir();
    const headerEnd = bytes.indexOf(10) + 1;
    const cuts = [headerEnd, headerEnd + 17, bytes.length - 1, ...Array.from({ length: 9 }, () => rng.int(headerEnd, bytes.length - 2))];
    for (const cut of cuts) {
      const file = join(dir, `${full.runId}.jsonl`);
      writeFileSync(file, bytes.subarray(0, cut));
      const prefix = verifyRun(file);
      expect(prefix.status, `cut at byte ${cut}`).toBe('unsealed');
      const resumed = await resumeRun(file);
      expect(resumed.finalHash, `cut at byte ${cut}`).toBe(full.finalHash);
      expect(resumed.recorded).toBe(prefix.events);
      expect(readFileSync(file).equals(bytes), `cut at byte ${cut}`).toBe(true);
    }
  });

  it('resumes a forked run: its change still takes effect after its fork point', async () => {
    const dir = tempDir();
    const child = await forkRun(full.file!, { at: 'turn:10', seed: 3, set: { maxTurns: '60' }, out: dir });
    const childBytes = readFileSync(child.file!);
    for (const cut of [childBytes.indexOf(10) + 1, Math.floor(childBytes.length / 5), Math.floor(childBytes.length * 0.8)]) {
      writeFileSync(child.file!, childBytes.subarray(0, cut));
      const resumed = await resumeRun(child.file!);
      expect(resumed.finalHash).toBe(child.finalHash);
      expect(readFileSync(child.file!).equals(childBytes)).toBe(true);
    }
    // A fork of a fork killed before its first event still starts its history as the original run.
    const grandchild = await forkRun(child.file!, { at: 'turn:20', policy: 'scripted', out: dir });
    const grandBytes = readFileSync(grandchild.file!);
    writeFileSync(grandchild.file!, grandBytes.subarray(0, grandBytes.indexOf(10) + 1));
    expect((await resumeRun(grandchild.file!)).finalHash).toBe(grandchild.finalHash);
    expect(readFileSync(grandchild.file!).equals(grandBytes)).toBe(true);
  });

  it('with --out resumes a copy and leaves the original untouched', async () => {
    const dir = tempDir();
    const file = join(dir, `${full.runId}.jsonl`);
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    writeFileSync(file, cut);
    const copyDir = join(dir, 'copy');
    const resumed = await resumeRun(file, { out: copyDir });
    expect(resumed.file).toBe(join(copyDir, `${full.runId}.jsonl`));
    expect(readFileSync(resumed.file!).equals(bytes)).toBe(true);
    expect(readFileSync(file).equals(cut)).toBe(true);
    // A second copy would replace the finished one: refused, both files untouched.
    await expect(resumeRun(file, { out: copyDir })).rejects.toThrow(`${resumed.file} already exists: resume it in place`);
    expect(readFileSync(resumed.file!).equals(bytes)).toBe(true);
    expect(existsSync(`${resumed.file}.lock`)).toBe(false);
  });

  it('refuses a sealed run, a damaged one, and one whose prefix no longer replays — leaving the file as it was', async () => {
    await expect(resumeRun(full.file!)).rejects.toThrow(/is complete \(sealed, \d+ events\): nothing to resume/);

    const dir = tempDir();
    const damaged = join(dir, 'damaged.jsonl');
    const lines = bytes.toString('utf8').split('\n');
    lines.splice(10, 1);
    writeFileSync(damaged, lines.slice(0, 200).join('\n'));
    await expect(resumeRun(damaged)).rejects.toThrow(/Cannot resume [^]* needs an intact prefix[^]*line 11/);

    const run = await runWorld({ config: { world: relayCopy(join(dir, 'v1')), seed: 1, maxTurns: 10 }, out: dir });
    const cut = readFileSync(run.file!).subarray(0, 9000);
    writeFileSync(run.file!, cut);
    const changed = relayCopy(join(dir, 'v2'), (s) => replaceOnce(s, 'Board: ', 'Board now: '));
    // Edited world code would write the rest under a header naming the recorded code: refused, naming the module.
    await expect(resumeRun(run.file!, { world: changed })).rejects.toThrow(
      new RegExp(`^Cannot resume ${run.file}: it was recorded with other code of ${changed} \\(source hash \\w{12}… recorded, \\w{12}… now\\)\\. [^]*\`troupe fork ${run.file} --at end\``),
    );
    expect(readFileSync(run.file!).equals(cut)).toBe(true);
    // With the recorded code it resumes.
    expect((await resumeRun(run.file!)).finalHash).toBe(run.finalHash);
  });

  it('in a folder it cannot write, says a sealed run is complete and an unsealed one needs --out', async () => {
    // Tests run as root in CI, where a read-only mode does not stop writes: a folder in the way of the lock's
    // private draft (named after this process and thread) makes the lock as unwritable as a read-only folder would.
    const dir = tempDir();
    const file = join(dir, `${full.runId}.jsonl`);
    mkdirSync(`${file}.lock.${process.pid}.${threadId}`);
    writeFileSync(file, bytes);
    await expect(resumeRun(file)).rejects.toThrow(/is complete \(sealed, \d+ events\): nothing to resume/);
    const cut = bytes.subarray(0, Math.floor(bytes.length / 2));
    writeFileSync(file, cut);
    await expect(resumeRun(file)).rejects.toThrow(/Cannot write the run file [^]*--out DIR/);
    expect(readFileSync(file).equals(cut)).toBe(true);
    const resumed = await resumeRun(file, { out: join(dir, 'elsewhere') });
    expect(resumed.finalHash).toBe(full.finalHash);
  });
});
