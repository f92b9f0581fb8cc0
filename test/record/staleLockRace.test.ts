import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/runs.ts';

const RACERS = 4;
const ROUNDS = 200;

const next = (w: Worker) => new Promise<{ got?: boolean; message?: string }>((resolve, reject) => w.once('message', resolve).once('error', reject));

/** Have every racer lock `file` at the same instant; how many got it. */
async function race(racers: Worker[], file: string): Promise<number> {
  const gate = new SharedArrayBuffer(8);
  const counts = new Int32Array(gate);
  const results = racers.map(next);
  for (const racer of racers) racer.postMessage({ file, gate });
  // Everyone at the barrier, then all released together.
  while (Atomics.load(counts, 1) < racers.length) await new Promise((r) => setTimeout(r, 0));
  Atomics.store(counts, 0, 1);
  Atomics.notify(counts, 0);
  return (await Promise.all(results)).filter((r) => r.got).length;
}

describe('a stale lock', () => {
  it('goes to exactly one of several writers breaking it at the same instant', { timeout: 60_000 }, async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const dir = tempDir();
    const racers = Array.from({ length: RACERS }, () => new Worker(new URL('./lockRacer.mjs', import.meta.url)));
    try {
      await Promise.all(racers.map(next));
      const winners: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const file = join(dir, `r${round}.jsonl`);
        writeFileSync(`${file}.lock`, `${dead} 0 0\n`);
        winners.push(await race(racers, file));
      }
      expect(winners.filter((n) => n !== 1)).toEqual([]);
    } finally {
      await Promise.all(racers.map((w) => w.terminate()));
    }
  });
});
