import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/core/canonical.ts';
import { readRun } from '../../src/record/readRun.ts';
import { chainHash, headerHash } from '../../src/record/chain.ts';
import { runWorld } from '../../src/runner/index.ts';
import { scriptedAgents, tempDir } from '../helpers/runs.ts';

describe('the run file', () => {
  it('parses back into the header, every published event and a seal whose hash closes the chain', async () => {
    const out = tempDir();
    const events: unknown[] = [];
    const result = await runWorld({
      config: { world: 'camel-roleplay', seed: 3, worldParams: { task: 'lesson-plan' }, agents: await scriptedAgents('camel-roleplay', { task: 'lesson-plan' }, 3) },
      out,
      onEvent: (e) => events.push(e),
    });
    const run = readRun(result.file!);
    expect(run.header.runId).toBe(result.runId);
    expect(run.header.config.worldParams).toEqual({ task: 'lesson-plan' });
    expect(run.events).toEqual(events);
    expect(run.seal?.events).toBe(events.length);
    expect(run.torn).toBe(false);

    // Recompute the chain independently from the parsed events.
    let h = headerHash(run.header);
    expect(run.header.h).toBe(h);
    for (const e of run.events) h = chainHash(h, canonicalJson(e));
    expect(h).toBe(run.seal!.finalHash);
    expect(result.finalHash).toBe(h);
  });

  it('keeps wall-clock metadata out of the hash: the same run twice has the same final hash', async () => {
    const agents = await scriptedAgents('relay', {}, 5);
    const a = await runWorld({ config: { world: 'relay', seed: 5, agents }, out: tempDir() });
    const b = await runWorld({ config: { world: 'relay', seed: 5, agents }, out: tempDir() });
    expect(a.finalHash).toBe(b.finalHash);
    expect(readFileSync(a.file!, 'utf8').split('\n').slice(1)).toEqual(readFileSync(b.file!, 'utf8').split('\n').slice(1));
  });

  it('is the same file byte for byte whether recorded on the recorder thread or inline, for runs recorded at once', async () => {
    // Long enough for several batches and a periodic fsync; three at once share the one recorder thread.
    const config = (seed: number) => ({ world: 'relay', seed, maxTurns: 600, worldParams: { jobs: 1000 } });
    const threaded = await Promise.all([1, 2, 3].map((seed) => runWorld({ config: config(seed), out: tempDir() })));
    for (const [i, seed] of [1, 2, 3].entries()) {
      const inline = await runWorld({ config: config(seed), out: tempDir(), recorder: 'inline' });
      expect(threaded[i]!.events).toBeGreaterThan(4096);
      expect(threaded[i]!.finalHash).toBe(inline.finalHash);
      expect(readFileSync(threaded[i]!.file!, 'utf8').split('\n').slice(1)).toEqual(readFileSync(inline.file!, 'utf8').split('\n').slice(1));
    }
  });

  it('drops a torn last line and reports the file as unsealed', async () => {
    const result = await runWorld({ config: { world: 'relay', seed: 2, agents: await scriptedAgents('relay', {}, 2) }, out: tempDir() });
    const lines = readFileSync(result.file!, 'utf8').split('\n');
    const cut = `${lines.slice(0, 20).join('\n')}\n${lines[20]!.slice(0, 30)}`;
    const { writeFileSync } = await import('node:fs');
    writeFileSync(result.file!, cut);
    const run = readRun(result.file!);
    expect(run.torn).toBe(true);
    expect(run.seal).toBeNull();
    expect(run.events).toHaveLength(19);
  });
});
