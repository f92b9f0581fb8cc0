import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runWorld } from '../../src/runner/index.ts';
import { tempDir } from '../helpers/runs.ts';

/**
 * Golden final hashes of synthetic runs, committed. A change to any of them
 * means runs recorded before the change no longer replay: deliberate changes
 * regenerate them with `UPDATE_GOLDEN=1 npx vitest run test/engine/goldenHashes.test.ts`.
 */
const goldenFile = join(import.meta.dirname, 'goldenHashes.json');
const cases = [
  { world: 'camel-roleplay', seed: 1 },
  { world: 'camel-roleplay', seed: 7 },
  { world: 'relay', seed: 1 },
  { world: 'relay', seed: 7 },
] as const;

async function finalHash(world: string, seed: number): Promise<string> {
  const result = await runWorld({ config: { world, seed }, out: tempDir() });
  return result.finalHash!;
}

describe('golden runs', () => {
  it('the same world and seed give the committed event-log hash, run after run', async () => {
    const actual: Record<string, string> = {};
    for (const c of cases) actual[`${c.world}:${c.seed}`] = await finalHash(c.world, c.seed);
    if (process.env.UPDATE_GOLDEN) writeFileSync(goldenFile, `${JSON.stringify(actual, null, 2)}\n`);
    expect(actual).toEqual(JSON.parse(readFileSync(goldenFile, 'utf8')));
    // And again in the same process: no hidden state carries over between runs.
    expect(await finalHash('relay', 7)).toBe(actual['relay:7']);
  });

  it('a different seed gives a different hash', async () => {
    const hashes = new Set<string>();
    for (const seed of [11, 12, 13, 14]) hashes.add(await finalHash('camel-roleplay', seed));
    expect(hashes.size).toBe(4);
  });
});
